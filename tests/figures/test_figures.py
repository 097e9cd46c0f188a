"""The statistics on a small known world (tests/figures/world.py): each figure has its one right
value; nothing of the leaders' network's inside reaches anyone who may not see it; the CSV is
exactly the chart's figures; bad filters are a message, never a 500; the pages' queries do not
grow with the data. Each page shows one section at a time, at a URL of its own, drawing only
that section's charts."""

import csv
import datetime as dt
import html
import io
import json
import re

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from django.utils import translation

from empirie.cache import request_scope
from empirie.i18n import Quarter
from figures import periods, public, staff
from figures.charts import BAR, MAP, Chart, Series, nice_ceiling
from figures.periods import Period
from figures.views import section_urls
from meetings.models import Meeting, Registration, SurveyAnswer
from practices.choices import PracticeStatus, TransferKind
from practices.models import Practice, Transfer
from tests.factories import CityFactory
from tests.figures.world import at, build, meeting, person

pytestmark = pytest.mark.django_db

ALL_TIME = Period(today=dt.date(2024, 12, 1))
IN_2024 = Period(2024, today=dt.date(2024, 12, 1))


@pytest.fixture
def world():
    return build()


def figures(chart, **kwargs):
    arguments = {"network": None, "period": IN_2024, "voivodeship": "", **kwargs}
    return chart(**arguments)


def column(chart, name=None):
    """{category: value} of the chart's series (the first, or the one named)."""
    series = chart.series[0] if name is None else next(s for s in chart.series if s.name == name)
    return dict(zip(chart.categories, series.values, strict=True))


def english(name, *args):
    """The page in English: the messages' own words, whatever the Polish catalogue holds."""
    with translation.override("en"):
        return reverse(name, args=args)


def section_of(page, chart):
    """The path of the page's section that draws the chart."""
    return next(path for section, path in section_urls(page) if chart in section.charts)


def section_links(text):
    """[(href, current, heading)] of the page's links to its sections."""
    nav = re.search(r'<nav class="tabs figures-sections"[^>]*>(.*?)</nav>', text, re.S)
    return [
        (html.unescape(href), bool(current), heading)
        for href, current, heading in re.findall(
            r'<a href="([^"]*)"( aria-current="page")?>([^<]*)</a>', nav.group(1)
        )
    ]


def csv_rows(response):
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


# The public figures


def test_meetings_held_per_quarter_count_the_thematic_networks_only(world):
    chart = figures(public.meetings_chart)
    assert chart.categories == ["I kw. 2024", "II kw. 2024", "III kw. 2024", "IV kw. 2024"]
    totals = [sum(s.values[i] for s in chart.series) for i in range(4)]
    assert totals == [2, 0, 1, 0]  # not the leaders' meeting, the draft or the cancelled one
    in_person = chart.series[0].values
    assert in_person == [1, 0, 1, 0]
    hosted_in_malopolska = figures(public.meetings_chart, voivodeship="malopolskie")
    assert [sum(s.values[i] for s in hosted_in_malopolska.series) for i in range(4)] == [1, 0, 0, 0]
    one_quarter = figures(public.meetings_chart, period=Period(2024, 1))
    assert one_quarter.categories == ["I kw. 2024"]


def test_all_time_runs_from_the_first_quarter_with_data_to_today(world):
    chart = figures(public.meetings_chart, period=ALL_TIME)
    assert chart.categories[0] == "I kw. 2024" and chart.categories[-1] == "IV kw. 2024"


def test_published_practices_by_voivodeship_category_and_size(world):
    by_voivodeship = column(figures(public.practices_by_voivodeship_chart))
    assert by_voivodeship["małopolskie"] == 2
    assert by_voivodeship["śląskie"] == 1
    assert by_voivodeship["mazowieckie"] == 0  # its restricted practice and its draft: no
    assert sum(by_voivodeship.values()) == 3
    by_category = column(figures(public.practices_by_category_chart))
    assert by_category == {"Usługi społeczne": 2, "Rozwój": 1}  # a sub-category counts in Y
    by_size = figures(public.practices_by_size_chart)
    assert by_size.series[0].values == [0, 2, 0, 1, 0]
    only_second_quarter = figures(public.practices_by_category_chart, period=Period(2024, 2))
    assert column(only_second_quarter) == {"Usługi społeczne": 0, "Rozwój": 1}


def test_transfers_between_cities(world):
    chart = figures(public.transfers_chart)
    adapted = dict(TransferKind.choices)[TransferKind.ADAPTED]
    assert column(chart, str(adapted)) == {
        "I kw. 2024": 0, "II kw. 2024": 1, "III kw. 2024": 0, "IV kw. 2024": 0,
    }  # fmt: skip
    numbers = public.transfer_figures(network=None, period=IN_2024, voivodeship="")
    assert numbers == {"transfers": 1, "cities": 1, "practices": 1, "across": 1}
    # A transfer of the leaders' restricted practice is never counted in public.
    Transfer.objects.create(practice=world.practices["C secret"], city=world.cities["A"],
                            kind=TransferKind.ADOPTED)  # fmt: skip
    assert public.transfer_figures(network=None, period=ALL_TIME, voivodeship="")["transfers"] == 1


def test_networks_count_their_member_cities_the_leaders_too(world):
    chart = column(figures(public.networks_chart))
    assert chart["MIASTO TESTOWE"] == 2
    assert chart["SIEĆ LIDERÓW TEST"] == 2  # who is in it is public; what it does is not


def test_results_made_public_never_the_leaders(world):
    chart = figures(public.results_chart)
    assert [sum(s.values[i] for s in chart.series) for i in range(4)] == [0, 1, 0, 0]


def test_the_public_page_shows_nothing_of_the_leaders_inside(client, world):
    drawn = 0
    for section, path in section_urls("public"):
        response = client.get(path)
        assert response.status_code == 200, path
        text = response.content.decode()
        if "sieci" in section.charts:
            assert "SIEĆ LIDERÓW TEST" in text  # the network and its member cities' number
        for secret in ("Tajne spotkanie", "Tajny wynik", "Praktyka C secret", "Radom"):
            assert secret not in text, path
        assert 'role="img"' in text and "<title id=" in text and "<desc id=" in text
        drawn += text.count('<section class="chart"')
        assert 'style="' not in text and "<script>" not in text
    assert drawn == len(public.CHARTS)  # each chart on one section
    text = client.get(section_of("public", "transfery")).content.decode()
    assert (
        text.index('id="czesc-przejete-praktyki"')
        < text.index('class="key-figures"')
        < text.index('id="transfery"')
    )


# Sections


@pytest.mark.parametrize("page", ["public", "staff"])
def test_each_section_draws_its_charts_and_only_them(client, world, monkeypatch, page):
    module = {"public": public, "staff": staff}[page]
    client.force_login(world.people["admin"])
    called = []
    for slug, chart in module.CHARTS.items():

        def recorded(chart=chart, slug=slug, **arguments):
            called.append(slug)
            return chart(**arguments)

        monkeypatch.setitem(module.CHARTS, slug, recorded)
    figures = public.transfer_figures
    monkeypatch.setattr(
        public, "transfer_figures", lambda **kw: called.append("transfers") or figures(**kw)
    )
    with translation.override("en"):  # the page in English: the messages' own words
        urls = section_urls(page)
        csv = {slug: reverse(f"figures:{page}_csv", args=[slug]) for slug in module.CHARTS}
    heading = {"public": "EMPIRIE in numbers", "staff": "Figures of your networks"}[page]
    for section, path in urls:
        called.clear()
        response = client.get(path, {"year": "2024"})
        assert response.status_code == 200, path
        transfers = ["transfers"] if section.intro else []
        assert called == [*section.charts, *transfers], path  # the others are not drawn
        assert [chart.slug for chart in response.context["charts"]] == list(section.charts)
        text = response.content.decode()
        assert re.findall(r'<section class="chart" id="([^"]+)"', text) == list(section.charts)
        contents = re.search(r'<nav aria-label="Charts on this page"[^>]*>(.*?)</nav>', text,
                             re.S).group(1)  # fmt: skip
        assert re.findall(r'href="#([^"]+)"', contents) == list(section.charts)
        assert f"<title>{section.heading} – {heading} · EMPIRIE</title>" in text
        assert text.count("<h1>") == 1 and f"<h1>{heading}</h1>" in text
        assert re.findall(r"<h2[^>]*>([^<]*)</h2>", text) == [section.heading]
        assert text.index("<h1>") < text.index("figures-sections") < text.index("<h2")
        # Each chart's CSV link as before, by its slug.
        for slug in section.charts:
            assert f'href="{csv[slug]}?year=2024"' in text


def test_a_section_runs_only_its_own_charts_queries(client, world):
    """Each section's page costs what its own charts cost, and the same rest (the session,
    the filters' networks) on every section: another section's queries would show."""
    arguments = {"network": None, "period": Period(2024), "voivodeship": ""}

    def charts_queries(section, module, **more):
        with request_scope(), CaptureQueriesContext(connection) as queries:
            for slug in section.charts:
                module.CHARTS[slug](**arguments, **more)
            if section.intro == public.TRANSFER_FIGURES:
                public.transfer_figures(**arguments)
        return len(queries)

    rest = {
        path: count_queries(client, path, {"year": "2024"}) - charts_queries(section, public)
        for section, path in section_urls("public")
    }
    assert len(set(rest.values())) == 1, rest
    admin = world.people["admin"]
    client.force_login(admin)
    staff_rest = {}
    for section, path in section_urls("staff"):
        page = count_queries(client, path, {"year": "2024"})
        staff_rest[path] = page - charts_queries(section, staff, user=admin)
    assert len(set(staff_rest.values())) == 1, staff_rest


@pytest.mark.parametrize("page", ["public", "staff"])
def test_the_section_links_keep_the_filters_and_mark_the_current_section(client, world, page):
    client.force_login(world.people["coordinator T"])
    network = world.networks["T"]
    query = {"network": network.pk, "year": "2024", "quarter": "1", "voivodeship": "malopolskie"}
    asked = f"network={network.pk}&year=2024&quarter=1&voivodeship=malopolskie"
    urls = section_urls(page)
    for current, path in urls:
        text = client.get(path, query).content.decode()
        links = section_links(text)
        assert links == [(f"{other}?{asked}", section == current, section.heading)
                         for section, other in urls]  # fmt: skip
        # The filters submit to this section and clear to it.
        form = re.search(r'<form method="get"[^>]*>', text).group(0)
        assert "action=" not in form  # a GET form without an action: this page's URL
        assert f'<a class="button" href="{path}">' in text
    # Without filters: plain links; with wrong ones, they are kept (the next section says so).
    assert [href for href, _c, _h in section_links(client.get(urls[1][1]).content.decode())] == [
        path for _section, path in urls
    ]
    text = client.get(urls[1][1], {"year": "abc"}).content.decode()
    assert [href for href, _c, _h in section_links(text)] == [
        f"{path}?year=abc" for _section, path in urls
    ]
    assert (
        "Correct the filters"
        in client.get(english(f"figures:{page}"), {"year": "abc"}).content.decode()
    )


def test_unknown_sections_are_404_and_the_first_sections_slug_leads_to_the_page(client, world):
    assert client.get(reverse("figures:public_section", args=["nie-ma"])).status_code == 404
    first = public.sections()[0].slug
    response = client.get(reverse("figures:public_section", args=[first]), {"year": "2024"})
    assert response.status_code == 301
    assert response["Location"] == reverse("figures:public") + "?year=2024"
    staff_first = reverse("figures:staff_section", args=[staff.sections()[0].slug])
    unknown = reverse("figures:staff_section", args=["nie-ma"])
    assert client.get(unknown).status_code == 302  # to log in first
    client.force_login(world.people["staff A"])  # no network of their own to count
    assert client.get(unknown).status_code == 404
    assert client.get(staff_first).status_code == 404
    client.force_login(world.people["coordinator T"])
    assert client.get(unknown).status_code == 404
    assert client.get(staff_first)["Location"] == reverse("figures:staff")


def test_no_sections_slug_takes_another_path_of_the_statistics():
    for page in ("public", "staff"):
        for section, path in section_urls(page)[1:]:
            match = resolve(path)
            assert match.url_name == f"{page}_section", path
            assert match.kwargs == {"section": section.slug}
            assert section.slug not in {"csv", "sieci", "raport"}
        slugs = [section.slug for section in {"public": public, "staff": staff}[page].sections()]
        assert len(set(slugs)) == len(slugs)
        charts = [slug for section in {"public": public, "staff": staff}[page].sections()
                  for slug in section.charts]  # fmt: skip
        assert sorted(charts) == sorted({"public": public, "staff": staff}[page].CHARTS)


# Staff figures


def test_time_to_decision_and_applications(world):
    coordinator = world.people["coordinator T"]
    chart = figures(staff.decision_time_chart, user=coordinator)
    assert chart.series[0].values == [20.0, None, None, None]  # the median of 10, 20, 30 days
    assert "20,0 dni" in chart.note  # in Polish, with the Polish decimal comma
    applications = figures(staff.applications_chart, user=coordinator)
    assert [s.values[0] for s in applications.series] == [3, 2, 1]
    # The leaders' applications (Q2) are not the thematic coordinator's.
    assert [s.values[1] for s in applications.series] == [0, 0, 0]
    leaders = figures(staff.applications_chart, user=world.people["coordinator L"])
    assert [s.values[1] for s in leaders.series] == [2, 0, 0]


def test_a_survey_under_five_answers_stays_hidden(world):
    chart = figures(staff.survey_chart, user=world.people["coordinator T"])
    overall = column(chart, chart.series[0].name)
    assert overall["I kw. 2024"] is None  # T1: four answers
    assert overall["III kw. 2024"] == 4.0
    assert column(chart, chart.series[1].name)["III kw. 2024"] == 3.0
    assert chart.cells()[1][1] == chart.missing != "–"  # said in words, in the CSV too
    assert "1" in chart.note
    # The fifth answer shows it.
    SurveyAnswer.objects.create(meeting=world.meetings["T1"], overall=3, usefulness=3)
    shown = figures(staff.survey_chart, user=world.people["coordinator T"])
    assert column(shown, shown.series[0].name)["I kw. 2024"] == 3.0


def test_attendance_per_quarter_and_meeting(world):
    coordinator = world.people["coordinator T"]
    chart = figures(staff.attendance_by_quarter_chart, user=coordinator)
    assert [s.values[0] for s in chart.series] == [2, 1, 1]  # present, absent, unrecorded
    per_meeting = figures(staff.attendance_by_meeting_chart, user=coordinator)
    assert len(per_meeting.categories) == 3  # T1, T2, T3: not the leaders' meeting
    assert [s.values[0] for s in per_meeting.series] == [2, 1, 0]


def test_membership_opinions_discussions_and_practices(world):
    coordinator = world.people["coordinator T"]
    members = figures(staff.membership_chart, user=coordinator)
    assert [s.name for s in members.series] == ["MIASTO TESTOWE"]
    assert members.series[0].values == [2, 2, 2, 2]
    opinions = figures(staff.opinions_chart, user=coordinator)
    assert column(opinions) == {"Wynik jawny": 2}  # the observer's two, not the member's
    talk = figures(staff.discussions_chart, user=coordinator, period=Period(2026, today=None))
    assert talk.categories  # created today: counted in the current year
    practices = figures(staff.practices_chart, user=coordinator)
    submitted, published = (s.values for s in practices.series)
    assert submitted[:2] == [2, 1] and published[:2] == [2, 1]
    review = figures(staff.review_time_chart, user=coordinator)
    assert review.series[0].values[:2] == [19.5, 30.0]  # 10 and 29 days; 1 April → 1 May


def test_quiet_cities_are_those_of_whom_nobody_took_part_for_a_year(world):
    coordinator = world.people["coordinator T"]
    # Both T members joined in 2024 (over a year ago from now) and did nothing in the last
    # year but staff A's and B's posts (written now): none is quiet.
    assert figures(staff.quiet_cities_chart, user=coordinator).categories == []
    quiet = CityFactory(name="Cichowo")
    idle = person(quiet)
    from networks.models import Participation

    Participation.objects.create(person=idle, network=world.networks["T"], city=quiet,
                                 role="member", status="accepted",
                                 decided_at=at(2023, 1, 1))  # fmt: skip
    chart = figures(staff.quiet_cities_chart, user=coordinator)
    assert chart.categories == ["Cichowo"]


def test_a_thematic_coordinator_sees_nothing_of_the_leaders_inside(client, world):
    client.force_login(world.people["coordinator T"])
    leaders = world.networks["L"]
    drawn = 0
    with translation.override("en"):
        urls = section_urls("staff")
    for _section, path in urls:  # on every section
        response = client.get(path)
        assert response.status_code == 200, path
        text = response.content.decode()
        assert "SIEĆ LIDERÓW TEST" not in text, path
        assert "Tajne spotkanie" not in text and "Tajny wynik" not in text, path
        drawn += text.count('<section class="chart"')
        refused = client.get(path, {"network": leaders.pk})
        assert refused.status_code == 200, path
        assert "Choose one of the networks in the list." in refused.content.decode(), path
        assert "Error:" in refused.content.decode()
        assert "SIEĆ LIDERÓW TEST" not in refused.content.decode(), path
        assert refused.context["charts"] == [], path  # nothing drawn for it
    assert drawn == len(staff.CHARTS)
    text = client.get(section_of("staff", "zgloszenia")).content.decode()
    assert 'stroke-dasharray="6 3"' in text  # a line's second series: dashed, besides lighter
    csv_refused = client.get(
        reverse("figures:staff_csv", args=["frekwencja-spotkania"]), {"network": leaders.pk}
    )
    assert csv_refused.status_code == 400
    # The leaders' coordinator does see them, on every section.
    client.force_login(world.people["coordinator L"])
    for _section, path in urls:
        response = client.get(path, {"network": leaders.pk})
        assert "SIEĆ LIDERÓW TEST" in response.content.decode(), path
        assert response.context["charts"], path


@pytest.mark.parametrize(
    ("who", "status"),
    [(None, 302), ("staff A", 404), ("observer", 404), ("leader C", 404),
     ("coordinator T", 200), ("admin", 200)],
)  # fmt: skip
def test_who_opens_the_staff_figures(client, world, who, status):
    if who:
        client.force_login(world.people[who])
    for _section, path in section_urls("staff"):
        assert client.get(path).status_code == status, path
    assert client.get(reverse("figures:staff_csv", args=["zgloszenia"])).status_code == (
        status if status != 200 else 200
    )


# CSV, filters


@pytest.mark.parametrize("slug", list(public.CHARTS))
def test_each_public_csv_is_exactly_the_charts_figures(client, world, slug):
    query = {"year": "2024"}
    response = client.get(reverse("figures:public_csv", args=[slug]), query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    chart = public.CHARTS[slug](network=None, period=Period(2024), voivodeship="")
    assert csv_rows(response) == chart.cells()
    # And the table on the chart's section shows the same cells.
    page = client.get(section_of("public", slug), query).content.decode()
    for row in chart.cells()[1:]:
        for cell in row:
            assert f">{cell}<" in page


def test_each_staff_csv_is_exactly_the_charts_figures(client, world):
    coordinator = world.people["coordinator T"]
    client.force_login(coordinator)
    for slug, function in staff.CHARTS.items():
        response = client.get(reverse("figures:staff_csv", args=[slug]), {"year": "2024"})
        assert response.status_code == 200, slug
        chart = function(user=coordinator, network=None, period=Period(2024), voivodeship="")
        assert csv_rows(response) == chart.cells(), slug


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"year": "dwa tysiące"}, "Give the year as a number"),
        ({"year": "1850"}, "Give a year from 2000 to 2100."),
        ({"quarter": "2"}, "Choose the year too"),
        ({"year": "2024", "quarter": "7"}, "Choose a quarter from the list."),
        ({"voivodeship": "bawaria"}, "Choose a voivodeship from the list."),
        ({"network": "x'; DROP"}, "Choose one of the networks in the list."),
    ],
)
def test_bad_filters_are_a_clear_message_never_a_500(client, world, query, message):
    response = client.get(english("figures:public"), query)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "Error:" in response.content.decode()  # the error summary of every form
    assert client.get(reverse("figures:public_csv", args=["sieci"]), query).status_code == 400
    assert client.get(reverse("figures:public_csv", args=["nie-ma"])).status_code == 404


def test_the_filters_narrow_every_chart(client, world):
    network = world.networks["T"]
    query = {"network": network.pk, "year": "2024", "quarter": "1", "voivodeship": "malopolskie"}
    charts = {}
    for _section, path in section_urls("public"):
        charts.update({c.slug: c for c in client.get(path, query).context["charts"]})
    assert list(charts) == list(public.CHARTS)  # each section its own, all of them in turn
    response = client.get(reverse("figures:public"), query)
    assert column(charts["sieci"]) == {"MIASTO TESTOWE": 1}
    assert column(charts["praktyki-wojewodztwa"]) == {"małopolskie": 2}
    link = reverse("figures:public_csv", args=["sieci"])
    assert f"{link}?network={network.pk}&amp;year=2024&amp;quarter=1" in response.content.decode()


# Queries


def more_data(world):
    """More of everything the pages count."""
    T = world.networks["T"]
    for i in range(6):
        city = CityFactory(voivodeship="pomorskie", population=60_000 + i)
        someone = person(city)
        held = meeting(T, at(2024, 10 + i % 3, 1 + i), host=city)
        Registration.objects.create(meeting=held, person=someone, mode="in_person",
                                    attended=bool(i % 2))  # fmt: skip
        for rating in range(5):
            SurveyAnswer.objects.create(meeting=held, overall=1 + rating, usefulness=2)
        Transfer.objects.create(practice=world.practices["B1"], city=city,
                                kind=TransferKind.ADOPTED)  # fmt: skip


def count_queries(client, url, query=None):
    client.get(url, query or {})
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, query or {}).status_code == 200
    return len(queries)


@pytest.mark.usefixtures("uncached_fragments")
def test_the_pages_queries_do_not_grow_with_the_data(client, world):
    """On every section of both pages, unfiltered and filtered."""
    public_urls = [path for _section, path in section_urls("public")]
    staff_urls = [path for _section, path in section_urls("staff")]

    def counts():
        client.logout()
        public_counts = [count_queries(client, url, query)
                         for url in public_urls for query in ({}, {"year": 2024})]  # fmt: skip
        client.force_login(world.people["admin"])
        staff_counts = [count_queries(client, url, query)
                        for url in staff_urls for query in ({}, {"year": 2024})]  # fmt: skip
        return public_counts, staff_counts

    before = counts()
    more_data(world)
    assert counts() == before
    assert max(before[0]) <= 6, before  # a section's charts, a query or two each


# The chart module


def test_a_chart_draws_each_kind_with_title_desc_and_no_inline_style(client, world):
    text = "".join(
        client.get(path, {"year": "2024"}).content.decode()
        for _section, path in section_urls("public")
    )
    for slug in public.CHARTS:
        assert f'aria-labelledby="{slug}-t {slug}-d"' in text
    assert 'fill="url(#spotkania-hatch)"' in text  # a pattern besides the lightness
    assert 'style="' not in text


def test_value_axis_tops_are_round():
    assert nice_ceiling(7) == (8, 2)
    assert nice_ceiling(0) == (1, 1)
    assert nice_ceiling(2) == (2, 1)
    top, step = nice_ceiling(4.3)
    assert top >= 4.3 and step in (1, 2)


def test_a_map_places_a_circle_for_each_voivodeship_with_practices():
    chart = Chart(
        slug="m", kind=MAP, title="t", x_label="x", y_label="y",
        categories=["małopolskie", "śląskie"], keys=["malopolskie", "slaskie"],
        series=[Series("n", [4, 0])],
    )  # fmt: skip
    places = chart.drawing()["places"]
    assert places[0]["radius"] > 0 and places[1]["radius"] == 0
    assert places[0]["value"] == "4" and places[1]["value"] == "0"


def test_quarters_in_warsaw_time(world):
    # A meeting at 23:30 UTC on 31 March is on 1 April in Warsaw: the second quarter.
    late = meeting(world.networks["T"], at(2025, 4, 1, 1))
    chart = figures(public.meetings_chart, period=Period(2025))
    assert sum(s.values[1] for s in chart.series) == 1
    assert Quarter.of(late.starts_at) == Quarter(2025, 2)


def test_all_time_quarters_by_bucket_are_the_truncated_quarters(world):
    """by_quarter puts rows in quarters by a search of their bounds: the same quarters as
    truncating each moment in Warsaw time, on the edges of a quarter, long before the axis
    (one bucket: the axis starts where it would) and after today (up to ten years ahead, and
    beyond them, counted apart)."""
    T = world.networks["T"]
    meeting(T, at(2024, 4, 1, 1))  # 1 April in Warsaw, 31 March in UTC: the second quarter
    meeting(T, at(2024, 3, 31, 23))  # the last hour of the first quarter in Warsaw
    meeting(T, at(2005, 6, 1))  # long before the forty quarters an axis shows

    def both(rows):
        by_bucket = periods.by_quarter(rows, "starts_at", ALL_TIME, n=Count("pk"))
        truncated = periods._by_truncated_quarter(rows.order_by(), "starts_at", {"n": Count("pk")})
        axis = ALL_TIME.axis(truncated)
        assert ALL_TIME.axis(by_bucket) == axis and len(axis) == periods.MOST_QUARTERS
        assert [by_bucket.get(q) for q in axis] == [truncated.get(q) for q in axis]
        return axis, by_bucket

    axis, _counted = both(Meeting.objects.filter(network=T))
    assert axis[-1] == Quarter(2024, 4)
    meeting(T, at(2026, 2, 1))  # after today (1 December 2024): the axis moves on
    axis, counted = both(Meeting.objects.filter(network=T))
    assert axis[-1] == Quarter(2026, 1) and counted[Quarter(2026, 1)] == {"n": 1}
    meeting(T, at(2041, 2, 1))  # beyond the buckets
    axis, counted = both(Meeting.objects.filter(network=T))
    assert axis[-1] == Quarter(2041, 1) and counted[Quarter(2041, 1)] == {"n": 1}


def test_a_page_counts_what_its_charts_share_once_and_forgets_it(world):
    arguments = {"network": None, "period": IN_2024, "voivodeship": ""}
    with CaptureQueriesContext(connection) as apart:
        public.practices_by_voivodeship_chart(**arguments)
        public.practices_by_size_chart(**arguments)
    with request_scope(), CaptureQueriesContext(connection) as shared:
        public.practices_by_voivodeship_chart(**arguments)
        public.practices_by_size_chart(**arguments)
    assert len(shared) == len(apart) - 1
    with request_scope():
        before = public.practice_counts(**arguments)
    Practice.objects.create(
        title="Nowa", slug="nowa", category=world.categories["X"], summary="Skrót",
        city=world.practices["A1"].city, status=PracticeStatus.PUBLISHED,
        published_at=at(2024, 5, 3),
    )  # fmt: skip
    with request_scope():  # a new request: counted afresh
        assert sum(n for *_keys, n in public.practice_counts(**arguments)) == 1 + sum(
            n for *_keys, n in before
        )


def test_a_charts_text_is_escaped_in_its_svg_and_table():
    chart = Chart(
        slug="b", kind=BAR, title="<b>tytuł</b>", x_label="x & y", y_label="y",
        categories=['Miasto "<script>"'], series=[Series("n<", [3])], description="a < b",
    )  # fmt: skip
    svg, table = str(chart.svg()), str(chart.table_markup())
    for text in (svg, table):
        assert "<script>" not in text and "<b>" not in text
    assert "&lt;b&gt;tytuł&lt;/b&gt;" in svg and "a &lt; b" in svg
    assert "Miasto &quot;&lt;script&gt;&quot;" in table and 'data-label="n&lt;"' in table


def test_an_empty_chart_says_why_with_and_without_filters(client, db):
    """Nothing yet (a portal with no practices): "yet", not "for the chosen filters"."""
    page = client.get(reverse("figures:public")).content.decode()
    assert "Nie ma jeszcze czego pokazać" in page and "dla wybranych filtrów" not in page
    page = client.get(reverse("figures:public"), {"year": "2024"}).content.decode()
    assert "Brak danych dla wybranych filtrów" in page


def test_the_public_figures_are_open_data_cell_by_cell(client, world):
    """/dane/ lists the statistics; the file holds each chart's cells as the page's table does,
    for the whole period, and what is closed is not in it."""
    catalogue = client.get(reverse("open_data:catalogue")).json()
    assert "empirie-w-liczbach" in {
        dataset["url"].rsplit("#", 1)[1] for dataset in catalogue["datasets"]
    }
    response = client.get(
        reverse("open_data:download", kwargs={"dataset": "empirie-w-liczbach", "kind": "csv"})
    )
    header, *records = csv_rows(response)
    assert header == ["wykres", "wykres_identyfikator", "kategoria", "seria", "wartosc"]
    page = client.get(reverse("figures:public")).context["charts"]
    networks = next(chart for chart in page if chart.slug == "sieci")
    _header, *table = networks.cells()
    in_file = [r[2:] for r in records if r[1] == "sieci"]
    assert in_file == [[category, str(networks.series[0].name), value] for category, value in table]
    as_json = b"".join(
        client.get(reverse("open_data:download",
                           kwargs={"dataset": "empirie-w-liczbach", "kind": "json"})).streaming_content
    ).decode()  # fmt: skip
    assert len(json.loads(as_json)) == len(records)


def test_a_long_series_name_wraps_in_the_legend_rather_than_being_cut():
    """ "Obecność niewpisana" and "Zapisani, nieobecni" were cut at 18 characters ("Zapisani,
    nieobec…"): a name now takes two lines between words, and only what two lines cannot
    hold is cut."""
    from figures.charts import STACKED, Chart, Series, legend_lines

    assert legend_lines("Zapisani, nieobecni") == ["Zapisani, nieobecni"]
    assert legend_lines("Obecność niewpisana przez koordynatora") == [
        "Obecność niewpisana", "przez koordynatora",
    ]  # fmt: skip
    chart = Chart(
        slug="x", kind=STACKED, title="T", x_label="K", y_label="O", categories=["I 2023"],
        series=[Series("Obecność niewpisana przez koordynatora", [2]), Series("Obecni", [1])],
    )  # fmt: skip
    svg = str(chart.svg())
    assert "Obecność niewpisana<tspan" in svg and ">przez koordynatora</tspan>" in svg
    assert "…" not in svg
