"""/robots.txt, /.well-known/security.txt (RFC 9116) and the sitemap: what each says, that
the sitemap lists only what a visitor may open (never anything of the leaders' network but
its public page), and that its queries do not grow with the data."""

import datetime as dt
import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cities.models import City
from empirie.sitemaps import SECTIONS, PublicSitemap
from figures.views import section_urls
from networks.choices import NetworkKind
from practices.choices import PracticeStatus
from practices.models import Category, Practice
from results.choices import Stage
from results.models import Result
from tests.factories import CityFactory, NetworkFactory, ProfileFactory
from tests.networks.test_permission_matrix import MATRIX, V, world  # noqa: F401

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


# robots.txt, read as RFC 9309 says: the longest matching rule wins, Allow on a tie.


def robot_rules(text):
    rules, agents = [], []
    for line in text.splitlines():
        field, _colon, value = line.partition(":")
        field, value = field.strip().lower(), value.strip()
        if field == "user-agent":
            agents.append(value)
        elif field in ("allow", "disallow") and value:
            rules.append((field == "allow", value))
    assert agents == ["*"], agents
    return rules


def robots_may_fetch(rules, path):
    best = None
    for allow, pattern in rules:
        regex = re.escape(pattern.rstrip("$")).replace(r"\*", ".*")
        matches = re.match(regex + ("$" if pattern.endswith("$") else ""), path)
        if matches and (best is None or (len(pattern), allow) > best):
            best = (len(pattern), allow)
    return best is None or best[1]


@pytest.fixture
def robots(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    return response.content.decode(), robot_rules(response.content.decode())


CLOSED_TO_ROBOTS = [
    "/konto/profil/", "/konto/login/", "/en/konto/signup/", "/konto/tokeny-api/nowy/",
    "/konto/sesje/", "/admin/", "/en/admin/accounts/user/", "/pulpit/", "/en/pulpit/",
    "/spotkania/kalendarz/abcdef.ics", "/spotkania/zdjecia/3/pelne/", "/spotkania/zalaczniki/3/",
    "/spotkania/12/", "/zaswiadczenia/ABCD-1234/", "/praktyki/bochnia-kultura/zalaczniki/4/",
    "/en/praktyki/bochnia-kultura/zalaczniki/", "/wyniki/7/zalaczniki/2/", "/wyniki/do-opinii/",
    "/sieci/miasto-cyfrowe/wnetrze/", "/en/sieci/siec-dla-liderow/wnetrze/",
    "/sieci/miasto-cyfrowe/dyskusje/5/", "/api/v1/me/notifications/", "/i18n/setlang/",
    "/szukaj/?q=bochnia", "/statystyki/sieci/", "/statystyki/sieci/spotkania/",
]  # fmt: skip
OPEN_TO_ROBOTS = [
    "/", "/en/", "/sieci/", "/sieci/miasto-cyfrowe/", "/en/sieci/siec-dla-liderow/",
    "/praktyki/", "/praktyki/bochnia-kultura/", "/praktyki/bochnia-kultura/prezentacja/",
    "/praktyki/mapa/", "/wyniki/", "/wyniki/7/", "/wyniki/kanal.atom", "/miasta/bochnia/",
    "/statystyki/", "/statystyki/dobre-praktyki/", "/en/statystyki/wyniki/", "/dane/",
    "/klauzula-informacyjna/", "/deklaracja-dostepnosci/", "/sitemap.xml", "/sitemap-praktyki.xml", "/api/v1/practices/",
]  # fmt: skip


def test_robots_keep_out_of_accounts_files_tokens_and_the_admin(robots):
    text, rules = robots
    closed = [path for path in CLOSED_TO_ROBOTS if robots_may_fetch(rules, path)]
    assert not closed, f"open to robots: {closed}"
    kept_out = [path for path in OPEN_TO_ROBOTS if not robots_may_fetch(rules, path)]
    assert not kept_out, f"closed to robots: {kept_out}"
    assert "Sitemap: http://testserver/sitemap.xml" in text.splitlines()


def test_robots_keep_out_of_every_page_a_visitor_must_log_in_for(robots, world):  # noqa: F811
    """Every URL of the permission matrix that sends a visitor to log in, in both languages:
    a page added behind a log-in outside the prefixes above fails here."""
    _text, rules = robots
    _people, arguments = world
    open_to_robots = []
    for name, samples in MATRIX.items():
        for sample, expected in samples:
            if expected[V] != 302 or name == "set_language" or name == "favicon":
                continue
            path = reverse(name, kwargs=arguments[sample])
            english = "/en" + path if not path.startswith("/api/") else path
            open_to_robots += [p for p in (path, english) if robots_may_fetch(rules, p)]
    assert not open_to_robots, f"log-in pages open to robots: {sorted(set(open_to_robots))}"


# security.txt


def security_fields(client, **extra):
    response = client.get("/.well-known/security.txt", **extra)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    fields = {}
    for line in response.content.decode().splitlines():
        name, _colon, value = line.partition(": ")
        fields.setdefault(name, []).append(value)
    return fields


def test_security_txt_has_the_fields_rfc_9116_asks_for(client, settings):
    settings.SECURITY_CONTACT = []
    settings.PRIVACY_CONTACT_EMAIL = "kontakt@miasta.example"  # the README's for reports
    fields = security_fields(client)
    assert fields["Contact"] == ["mailto:kontakt@miasta.example"]
    assert fields["Preferred-Languages"] == ["pl, en"]
    assert fields["Canonical"] == ["http://testserver/.well-known/security.txt"]
    (expires,) = fields["Expires"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", expires), expires
    when = dt.datetime.strptime(expires, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
    # Computed now: about a year ahead, never more (RFC 9116 recommends less than a year).
    ahead = when - timezone.now()
    assert dt.timedelta(days=360) < ahead <= dt.timedelta(days=365), ahead
    assert set(fields) == {"Contact", "Expires", "Preferred-Languages", "Canonical"}

    settings.PRIVACY_CONTACT_EMAIL = ""
    settings.DEFAULT_FROM_EMAIL = "EMPIRIE <portal@miasta.example>"
    assert security_fields(client)["Contact"] == ["mailto:portal@miasta.example"]


def test_security_txt_names_the_configured_contacts_and_the_host_asked(client, settings):
    settings.SECURITY_CONTACT = ["bezpieczenstwo@miasta.example", "https://miasta.example/cvd"]
    settings.ALLOWED_HOSTS = ["empirie.example"]
    fields = security_fields(client, HTTP_HOST="empirie.example", secure=True)
    assert fields["Contact"] == [
        "mailto:bezpieczenstwo@miasta.example",
        "https://miasta.example/cvd",
    ]
    assert fields["Canonical"] == ["https://empirie.example/.well-known/security.txt"]


# The sitemap


def published_practice(author, category, slug, **fields):
    return Practice.objects.create(
        title=slug, slug=slug, category=category, city=author.profile.city, summary="S",
        author=author, **{"status": PracticeStatus.PUBLISHED, "published_at": timezone.now(),
                          **fields},
    )  # fmt: skip


def result(network, stage, title):
    now = timezone.now()
    dates = {"opened_to_observers_at": now} if stage != Stage.DRAFT else {}
    if stage == Stage.PUBLIC:
        dates["published_at"] = now
    return Result.objects.create(
        network=network, stage=stage, kind="report", title=title, summary="S", **dates
    )


def add_things(n, thematic, leaders, category, author, tag):
    """n of each: a public result and a published practice (listed), and what must not be
    listed: the leaders' network's result at the public stage, its restricted published
    practice, a thematic draft result and one for observers, a draft and a submitted
    practice."""
    listed = {"practices": set(), "results": set()}
    for i in range(n):
        listed["practices"].add(published_practice(author, category, f"{tag}-pub-{i}").slug)
        listed["results"].add(result(thematic, Stage.PUBLIC, f"{tag} publiczny {i}").pk)
        restricted = published_practice(author, category, f"{tag}-liderska-{i}",
                                         restricted_to_networks=True)  # fmt: skip
        restricted.networks.set([leaders])
        result(leaders, Stage.PUBLIC, f"{tag} liderski {i}")
        result(thematic, Stage.DRAFT, f"{tag} szkic {i}")
        result(thematic, Stage.OBSERVERS, f"{tag} dla obserwatorow {i}")
        published_practice(author, category, f"{tag}-szkic-{i}", status=PracticeStatus.DRAFT,
                           published_at=None)  # fmt: skip
        published_practice(author, category, f"{tag}-zgloszona-{i}",
                           status=PracticeStatus.SUBMITTED, published_at=None)  # fmt: skip
        CityFactory()
    return listed


@pytest.fixture
def portal(db):
    thematic = NetworkFactory(slug="miasto-cyfrowe")
    leaders = NetworkFactory(slug="siec-dla-liderow", kind=NetworkKind.LEADERS)
    category = Category.objects.create(name="Usługi społeczne", slug="uslugi-spoleczne")
    author = ProfileFactory().user
    listed = add_things(3, thematic, leaders, category, author, "a")
    return thematic, leaders, category, author, listed


def xml_of(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/xml")
    assert response["X-Robots-Tag"].startswith("noindex")
    return ET.fromstring(response.content)


def sitemap_pages(client):
    """{section page URL: [(loc, {language: alternate href})]} of the whole sitemap."""
    index = xml_of(client.get("/sitemap.xml"))
    pages = {}
    for loc in index.iter(f"{SITEMAP}loc"):
        url = urlsplit(loc.text)
        assert url.scheme == "http" and url.netloc == "testserver", loc.text
        page = xml_of(client.get(url.path + (f"?{url.query}" if url.query else "")))
        pages[loc.text] = [
            (
                entry.find(f"{SITEMAP}loc").text,
                {link.get("hreflang"): link.get("href") for link in entry.iter(f"{XHTML}link")},
            )
            for entry in page.iter(f"{SITEMAP}url")
        ]
    return pages


def listed_paths(client):
    return {urlsplit(loc).path for entries in sitemap_pages(client).values() for loc, _ in entries}


def test_the_sitemap_lists_the_public_pages_in_both_languages_and_nothing_closed(client, portal):
    thematic, leaders, _category, _author, listed = portal
    paths = listed_paths(client)
    practices = {p.split("/")[2] for p in paths if p.startswith("/praktyki/") and p != "/praktyki/"
                 and p != "/praktyki/mapa/"}  # fmt: skip
    results = {int(p.split("/")[2]) for p in paths if re.fullmatch(r"/wyniki/\d+/", p)}
    assert practices == listed["practices"]
    assert results == set(listed["results"])
    for path in [
        "/", "/en/", "/sieci/", "/praktyki/", "/wyniki/", "/praktyki/mapa/", "/statystyki/",
        *(path for _section, path in section_urls("public")),  # each a page of its own
        "/dane/", "/klauzula-informacyjna/", "/deklaracja-dostepnosci/",
        reverse("networks:detail", args=[thematic.slug]),
        reverse("networks:detail", args=[leaders.slug]),  # public: who takes part
    ]:  # fmt: skip
        assert path in paths, path
    assert "/en" + reverse("networks:detail", args=[leaders.slug]) in paths
    # Not one thing of the leaders' network's work, nor any inside.
    leaders_results = set(Result.objects.filter(network=leaders).values_list("pk", flat=True))
    assert leaders_results and not leaders_results & results
    assert not any("liderska" in path for path in paths)
    assert not any("wnetrze" in path or "dyskusje" in path for path in paths)
    assert not any(path.startswith(("/statystyki/sieci/", "/en/statystyki/sieci/"))
                   for path in paths)  # fmt: skip
    # Every city's page: the cities are public, the leaders' network's member cities too.
    cities = {path for path in paths if path.startswith("/miasta/")}
    assert cities == {reverse("cities:detail", args=[city.slug]) for city in City.objects.all()}


def test_each_entry_names_its_other_language(client, portal):
    pages = sitemap_pages(client)
    entries = [entry for page in pages.values() for entry in page]
    assert entries
    for loc, alternates in entries:
        path = urlsplit(loc).path
        polish = path.removeprefix("/en") if path.startswith("/en/") else path
        assert alternates == {
            "pl": f"http://testserver{polish}",
            "en": f"http://testserver/en{polish}",
            "x-default": f"http://testserver{polish}",
        }, (loc, alternates)


def test_every_url_in_the_sitemap_opens_for_a_visitor_and_robots_may_fetch_it(
    client, portal, robots
):
    _text, rules = robots
    for path in sorted(listed_paths(client)):
        assert robots_may_fetch(rules, path), path
        assert client.get(path).status_code == 200, path


def test_a_big_section_is_paged_from_the_index(client, portal, monkeypatch):
    monkeypatch.setattr(PublicSitemap, "limit", 4)
    pages = sitemap_pages(client)
    practice_pages = sorted(url for url in pages if "sitemap-praktyki.xml" in url)
    # 3 published practices in two languages: 6 entries, two pages of 4.
    assert practice_pages == [
        "http://testserver/sitemap-praktyki.xml",
        "http://testserver/sitemap-praktyki.xml?p=2",
    ]
    assert sum(len(pages[url]) for url in practice_pages) == 6
    for bad in ["?p=3", "?p=0", "?p=abc", "?p=-1"]:
        assert client.get(f"/sitemap-praktyki.xml{bad}").status_code == 404, bad
    assert client.get("/sitemap-wnetrze.xml").status_code == 404
    assert client.post("/sitemap.xml").status_code == 405


def test_the_sitemap_lists_the_host_it_was_asked_on(client, portal, settings):
    settings.ALLOWED_HOSTS = ["empirie.example"]
    index = xml_of(client.get("/sitemap.xml", HTTP_HOST="empirie.example", secure=True))
    locs = [loc.text for loc in index.iter(f"{SITEMAP}loc")]
    assert locs and all(loc.startswith("https://empirie.example/sitemap-") for loc in locs)
    page = xml_of(client.get("/sitemap-sieci.xml", HTTP_HOST="empirie.example", secure=True))
    locs = [loc.text for loc in page.iter(f"{SITEMAP}loc")]
    assert locs and all(loc.startswith("https://empirie.example/") for loc in locs)


def queries_of(client):
    counts = {}
    for path in ["/sitemap.xml", *(f"/sitemap-{name}.xml" for name in SECTIONS)]:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        counts[path] = len(queries)
    return counts


def test_the_sitemaps_queries_do_not_grow_with_the_data(client, portal):
    thematic, leaders, category, author, _listed = portal
    queries_of(client)  # warm what is cached until networks change (the closed networks)
    before = queries_of(client)
    add_things(7, thematic, leaders, category, author, "b")
    for i in range(5):
        NetworkFactory(slug=f"nowa-{i}")
    queries_of(client)
    after = queries_of(client)
    assert after == before
    # One query for a section's page; the index asks each section its size and newest date.
    assert after.pop("/sitemap.xml") <= 2 * len(SECTIONS), before
    assert all(count <= 1 for count in after.values()), after  # the static pages: none
