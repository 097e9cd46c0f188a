"""One Polish style: dates as "2 grudnia 2026", quantities as "30 000", quarters as
"I kw. 2027" ("Q1 2027" in English), fixed vocabulary in the reader's language, and what
people wrote marked lang="pl" on English pages."""

import datetime as dt
import pickle
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import formats, timezone, translation

from empirie.i18n import Quarter
from meetings.models import Meeting
from practices.models import Category
from tests.factories import CityFactory, NetworkFactory, ParticipationFactory, ProfileFactory

WARSAW = ZoneInfo("Europe/Warsaw")


def render(source, **context):
    return Template("{% load language %}" + source).render(Context(context))


def test_dates_read_as_polish_words():
    moment = dt.datetime(2026, 12, 2, 14, 30, tzinfo=WARSAW)
    with translation.override("pl"):
        assert formats.date_format(moment.date()) == "2 grudnia 2026"
        assert formats.date_format(moment, "DATETIME_FORMAT") == "2 grudnia 2026, 14:30"
        assert Template("{{ d|date }}").render(Context({"d": moment.date()})) == "2 grudnia 2026"
    with translation.override("en"):
        assert formats.date_format(moment.date()) == "2 December 2026"


# What the templates may ask of the date filter: the machine-readable forms of <time
# datetime>, and the portal's one style, the day and month in words.
DATE_FORMATS = {"c", "Y-m-d", "H:i", "j E Y", "j E Y, H:i", "l, j E Y, H:i",
                "DATE_FORMAT", "DATETIME_FORMAT", "TIME_FORMAT"}  # fmt: skip


def test_templates_show_dates_in_the_one_style():
    used = {}
    for path in Path(settings.BASE_DIR).glob("**/templates/**/*.*"):
        if ".venv" in path.parts:
            continue
        for found in re.findall(r"\|date:[\"']([^\"']*)[\"']", path.read_text()):
            used.setdefault(found, []).append(str(path.relative_to(settings.BASE_DIR)))
    odd = {found: paths for found, paths in used.items() if found not in DATE_FORMATS}
    assert not odd, f"dates in another style: {odd}"


def test_quantities_have_a_space_between_thousands_and_ids_none():
    with translation.override("pl"):
        assert render("{{ n|quantity }}", n=30000) == "30\xa0000"
        assert render("{{ n|quantity }}", n=1234567) == "1\xa0234\xa0567"
        assert render("{{ n|quantity }}", n=999) == "999"
        # Ids, years and page numbers in pages and links stay as they are.
        assert render("{{ n }}", n=12345) == "12345"
    with translation.override("en"):
        assert render("{{ n|quantity }}", n=30000) == "30,000"


@pytest.mark.django_db
def test_a_citys_population_reads_30_000(client):
    city = CityFactory(name="Kędzierzyn-Koźle", population=30000)
    page = client.get(reverse("cities:detail", args=[city.slug])).content.decode()
    assert "<dd>30\xa0000</dd>" in page


def test_quarters_have_one_form_per_language():
    winter = dt.datetime(2027, 2, 10, 10, tzinfo=WARSAW)
    # New Year's Eve in Warsaw is still the last quarter, though UTC has moved on.
    new_years_eve = dt.datetime(2026, 12, 31, 23, 30, tzinfo=WARSAW).astimezone(dt.UTC)
    with translation.override("pl"):
        assert str(Quarter.of(winter)) == "I kw. 2027"
        assert str(Quarter.of(new_years_eve)) == "IV kw. 2026"
        assert render("{{ d|quarter }}", d=winter) == "I kw. 2027"
    with translation.override("en"):
        assert str(Quarter.of(winter)) == "Q1 2027"
        assert render("{{ d|quarter }}", d=winter) == "Q1 2027"


@pytest.mark.django_db
def test_a_network_page_names_quarters_and_theme_in_the_readers_language(client):
    network = NetworkFactory(
        theme="Cyfryzacja",
        theme_en="Digitalisation",
        description="Cyfryzacja usług i urzędu: e-usługi dla mieszkańców.",
    )
    year = timezone.now().year + 1
    starts_at = dt.datetime(year, 2, 10, 10, tzinfo=WARSAW)
    Meeting.objects.create(
        network=network, topic="Dane miejskie", starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=3), venue_address="Rynek 1",
    )  # fmt: skip

    polish = client.get(reverse("networks:detail", args=[network.slug])).content.decode()
    assert f"I kw. {year}" in polish
    assert "Cyfryzacja</p>" in polish
    assert 'lang="pl"' not in polish.split("<html", 1)[1].split(">", 1)[1]  # only <html lang>

    with translation.override("en"):
        url = reverse("networks:detail", args=[network.slug])
    english = client.get(url).content.decode()
    assert url.startswith("/en/")
    assert f"Q1 {year}" in english
    assert "Digitalisation</p>" in english
    # The description is what ZMP wrote, in Polish: marked so for screen readers.
    assert re.search(r'<div class="prose" lang="pl">\s*<p>Cyfryzacja usług', english)


@pytest.mark.django_db
def test_vocabulary_without_english_is_marked_polish_on_english_pages():
    named = Category.objects.create(name="Dialog społeczny", name_en="Social dialogue", slug="d")
    unnamed = Category.objects.create(name="Usługi techniczne", slug="u")
    with translation.override("pl"):
        assert str(named) == "Dialog społeczny"
        assert render("{{ c|lang_span }}", c=unnamed) == "Usługi techniczne"
    with translation.override("en"):
        assert str(named) == "Social dialogue"
        assert render("{{ c|lang_span }}", c=named) == "Social dialogue"
        assert render("{{ c|lang_span }}", c=unnamed) == '<span lang="pl">Usługi techniczne</span>'
        assert render("{{ t|lang_span }}", t="<b>") == '<span lang="pl">&lt;b&gt;</span>'
        # A name that went through a cache keeps its language.
        cached = pickle.loads(pickle.dumps(str(named)))
        assert (cached, cached.lang) == ("Social dialogue", "en")


@pytest.mark.django_db
def test_the_demo_vocabulary_has_english_for_every_theme_and_category():
    from networks.data import NETWORKS, THEMES_EN
    from practices.data import CATEGORIES_EN, CATEGORY_TREE

    assert {theme for _, _, _, theme, _, _ in NETWORKS} <= set(THEMES_EN)
    names = {name for name, _ in CATEGORY_TREE} | {c for _, kids in CATEGORY_TREE for c in kids}
    assert names <= set(CATEGORIES_EN)


@pytest.mark.django_db
def test_the_archives_quarter_filter_speaks_the_same_form(client):
    profile = ProfileFactory()
    ParticipationFactory(network=NetworkFactory(), person=profile.user, city=profile.city)
    client.force_login(profile.user)
    page = client.get(reverse("meetings:archive")).content.decode()
    assert re.search(r'<option value="1"[^>]*>I kw\.</option>', page)
    assert re.search(r'<option value="4"[^>]*>IV kw\.</option>', page)
    with translation.override("en"):
        url = reverse("meetings:archive")
    assert re.search(r'<option value="1"[^>]*>Q1</option>', client.get(url).content.decode())
