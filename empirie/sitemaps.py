"""The sitemap (/sitemap.xml, an index of sections, each paginated): the pages a visitor may
open and a search engine may list. Each list of things is what the model's visible_to gives a
visitor (AnonymousUser), so nothing closed can enter it; networks and cities are public as a
whole (NetworkQuerySet: what a network does is closed, who is in it is not)."""

from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from cities.models import City
from figures.views import section_routes
from networks.models import Network
from practices.choices import PracticeStatus
from practices.models import Practice
from results.choices import Stage
from results.models import Result


class PublicSitemap(Sitemap):
    """Each page in Polish and in English, with the other language as its alternate."""

    i18n = True
    alternates = True
    x_default = True
    # Entries per page of a section, both languages counted (the protocol allows 50,000;
    # smaller pages keep each response quick).
    limit = 5000

    def __init__(self, domain):
        # The host the sitemap was asked on, not the sites framework's fixed domain, so a
        # test server or a second address lists its own URLs.
        self.domain = domain

    def get_domain(self, site=None):
        return self.domain


class PagesSitemap(PublicSitemap):
    """The public pages that are not one thing's page."""

    PAGES = [
        "home",
        "networks:list",
        "practices:list",
        "practices:map",
        "results:list",
        "figures:public",
        "open_data:index",
        "accessibility_statement",
        "privacy_notice",
    ]

    def items(self):
        # With the statistics' other sections: each a page of its own (figures.views).
        return [(name, {}) for name in self.PAGES] + [
            (name, kwargs) for _section, name, kwargs in section_routes("public")[1:]
        ]

    def location(self, item):
        name, kwargs = item
        return reverse(name, kwargs=kwargs)


class NetworksSitemap(PublicSitemap):
    """Each network's public page (the leaders' too: its public page names only what ZMP
    publishes; its inside has a URL of its own that is never listed)."""

    def items(self):
        return Network.objects.order_by("number", "pk").only("slug")

    def location(self, item):
        return reverse("networks:detail", args=[item.slug])


class PracticesSitemap(PublicSitemap):
    def items(self):
        return (
            Practice.objects.visible_to(AnonymousUser())
            .filter(status=PracticeStatus.PUBLISHED)
            .order_by("pk")
            .only("slug", "updated_at")
        )

    def location(self, item):
        return reverse("practices:detail", args=[item.slug])

    def lastmod(self, item):
        return item.updated_at


class ResultsSitemap(PublicSitemap):
    def items(self):
        return (
            Result.objects.visible_to(AnonymousUser())
            .filter(stage=Stage.PUBLIC)
            .order_by("pk")
            .only("pk", "updated_at")
        )

    def location(self, item):
        return reverse("results:detail", args=[item.pk])

    def lastmod(self, item):
        return item.updated_at


class CitiesSitemap(PublicSitemap):
    def items(self):
        return City.objects.order_by("sort_key", "pk").only("slug")

    def location(self, item):
        return reverse("cities:detail", args=[item.slug])


# Section name (in the URL: /sitemap-<name>.xml) -> sitemap class.
SECTIONS = {
    "strony": PagesSitemap,
    "sieci": NetworksSitemap,
    "praktyki": PracticesSitemap,
    "wyniki": ResultsSitemap,
    "miasta": CitiesSitemap,
}


def sections_for(request):
    domain = request.get_host()
    return {name: sitemap(domain) for name, sitemap in SECTIONS.items()}
