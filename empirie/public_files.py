"""The files that robots and security researchers look for at fixed addresses: /robots.txt,
/.well-known/security.txt (RFC 9116) and the sitemap (empirie/sitemaps.py)."""

import datetime as dt
from email.utils import parseaddr

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from .sitemaps import SECTIONS, sections_for

# What robots should not ask for (RFC 9309: a path prefix, "*" for any characters). Each is
# said for the Polish pages at the root and for the English ones under /en/.
NOT_FOR_ROBOTS = [
    "/konto/",  # accounts: log-in, sign-up, profile, sessions, API tokens
    "/pulpit/",  # a person's desk
    "/admin/",
    "/i18n/",  # the language switch
    "/spotkania/",  # meetings, their photos and files, calendar feeds with their tokens
    "/zaswiadczenia/",  # a certificate's code is the key to it
    "/szukaj/",  # endless combinations of the search; the sitemap lists what it finds
    "/sieci/moje-zgloszenia/",
    "/sieci/udzial/",
    "/sieci/zgloszenia/",
    "/sieci/*/wnetrze/",  # a network's inside
    "/sieci/*/zgloszenie/",
    "/sieci/*/zgloszenia/",
    "/sieci/*/dyskusje/",  # discussions, with their files
    "/sieci/*/partnerzy/",  # the directory of a network's people
    "/sieci/*/zaproszenia/",  # a coordinator's invitations
    "/sieci/*/edycje/zamknij/",
    "/sieci/*/edycje/nowa/",
    "/sieci/osoby/",  # handing a seat to a successor
    "/sieci/kontynuacja/",  # confirming one continues in a new edition
    "/partnerzy/",  # people's cards
    "/zgloszone-wiadomosci/",  # ZMP's staff's moderation of a reported message
    "/zaproszenie/",  # an invitation's link is the key to it
    "/praktyki/nowa/",
    "/praktyki/do-recenzji/",
    "/praktyki/*/zalaczniki/",  # files
    "/praktyki/*/edycja/",
    "/praktyki/*/zgloszenie/",
    "/praktyki/*/recenzja/",
    "/praktyki/*/przeniesienie/",
    "/wyniki/do-opinii/",
    "/wyniki/siec/*/nowy/",
    "/wyniki/siec/*/zgloszone-komentarze/",
    "/wyniki/komentarze/",
    "/wyniki/*/edycja/",
    "/wyniki/*/etap/",
    "/wyniki/*/zalaczniki/",  # files
    "/miasta/*/status/",
    "/miasta/*/plany/",
    "/statystyki/sieci/",  # the networks' own figures
    "/statystyki/raport/",  # the funder's report
]
# Outside the language prefixes: a person's own API answers need their token anyway.
NOT_FOR_ROBOTS_ANY_LANGUAGE = ["/api/v1/me/"]

# RFC 9116 recommends an expiry less than a year ahead; computed on each request, so the
# file never goes stale.
SECURITY_TXT_VALID = dt.timedelta(days=364)


def _plain_text(text):
    return HttpResponse(text, content_type="text/plain; charset=utf-8")


@require_safe
@cache_control(public=True, max_age=3600)
def robots_txt(request):
    lines = ["User-agent: *", "Allow: /"]
    for prefix in ("", "/en"):
        lines += [f"Disallow: {prefix}{path}" for path in NOT_FOR_ROBOTS]
    lines += [f"Disallow: {path}" for path in NOT_FOR_ROBOTS_ANY_LANGUAGE]
    lines += ["", f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}", ""]
    return _plain_text("\n".join(lines))


def security_contacts():
    """SECURITY_CONTACT as URIs: an e-mail address becomes a mailto: URI; without any, the
    contact the README names for vulnerabilities (PRIVACY_CONTACT_EMAIL), else the address
    the portal's e-mails come from."""
    contacts = settings.SECURITY_CONTACT or [
        settings.PRIVACY_CONTACT_EMAIL or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    ]
    return [contact if ":" in contact else f"mailto:{contact}" for contact in contacts if contact]


@require_safe
@cache_control(public=True, max_age=3600)
def security_txt(request):
    expires = (timezone.now() + SECURITY_TXT_VALID).replace(microsecond=0)
    lines = [f"Contact: {contact}" for contact in security_contacts()]
    lines += [
        f"Expires: {expires.astimezone(dt.UTC):%Y-%m-%dT%H:%M:%SZ}",
        "Preferred-Languages: pl, en",
        f"Canonical: {request.build_absolute_uri(reverse('security_txt'))}",
    ]
    return _plain_text("\n".join(lines) + "\n")


@require_safe
def sitemap_index(request):
    """The sections, each page of each section a URL of its own (sitemap-<section>.xml?p=2);
    the sites framework's domain is not used (sitemaps.PublicSitemap)."""
    sitemaps = sections_for(request)
    items = []
    for name, sitemap in sitemaps.items():
        url = request.build_absolute_uri(reverse("sitemap_section", args=[name]))
        lastmod = sitemap.get_latest_lastmod()
        items.append(sitemap_views.SitemapIndexItem(url, lastmod))
        items += [
            sitemap_views.SitemapIndexItem(f"{url}?p={page}", lastmod)
            for page in range(2, sitemap.paginator.num_pages + 1)
        ]
    response = TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": items}, content_type="application/xml"
    )
    response.headers["X-Robots-Tag"] = "noindex, noarchive"
    return response


@require_safe
def sitemap_section(request, section):
    if section not in SECTIONS:
        raise Http404
    # A page number that is not one (or past the last) is a 404 there, never a 500.
    return sitemap_views.sitemap(request, sections_for(request), section=section)
