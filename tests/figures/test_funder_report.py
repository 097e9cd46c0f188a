"""The funder's report: for ZMP's administrators only; the figures of a small known world
(two meetings held in the quarter, their participants from three cities of two statuses,
practices, transfers, results, surveys counted only from five answers); the same figures in
the workbook and the PDF (Polish diacritics and all); a period that is not one of the choices
is a form error, never a server error; and a constant number of queries however much data."""

import datetime as dt
import io
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from accounts.choices import Function
from cities.choices import ProgrammeStatus
from empirie.i18n import Quarter
from figures.report import Period, funder_report
from meetings.choices import MeetingFormat
from meetings.models import Meeting, Registration, SurveyAnswer
from meetings.plan import quarter_bounds
from networks.choices import NetworkKind, Role
from practices.choices import PracticeStatus, TransferKind
from practices.models import Category, Practice, Transfer
from results.choices import ResultKind, Stage
from results.models import Result
from tests.factories import (
    CityFactory,
    NetworkFactory,
    ParticipationFactory,
    ProfileFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

QUARTER = Quarter(2023, 2)
START, END = quarter_bounds(QUARTER)
QUERY = {"okres": "kwartal", "kwartal": "2023-2"}


def at(days, hours=10):
    return START + dt.timedelta(days=days, hours=hours)


def meeting(network, starts_at, **fields):
    return Meeting.objects.create(
        network=network, topic="Spotkanie", starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=5), format=MeetingFormat.ONLINE,
        online_url="https://spotkanie.example.org/1", **fields,
    )  # fmt: skip


def present(meeting, person, attended=True):
    return Registration.objects.create(
        meeting=meeting, person=person, mode="online", attended=attended
    )


def person_of(city, function=Function.STAFF):
    return ProfileFactory(city=city, function=function).user


def answers(meeting, ratings):
    for overall, usefulness in ratings:
        SurveyAnswer.objects.create(meeting=meeting, overall=overall, usefulness=usefulness)


def practice(city, **fields):
    return Practice.objects.create(
        title=f"Praktyka {uuid.uuid4().hex[:6]}", slug=uuid.uuid4().hex, city=city,
        category=Category.objects.create(name=uuid.uuid4().hex[:8], slug=uuid.uuid4().hex),
        summary="Skrót", **fields,
    )  # fmt: skip


@pytest.fixture
def admin_user():
    return UserFactory(is_superuser=True, is_staff=True)


@pytest.fixture
def world():
    """In Q2 2023: MIASTO CYFROWE met twice and the leaders' network once; one meeting was
    cancelled, one is a draft, one was in Q1. Participants: Przemyśl (laureate) 2 people,
    Żarów (laureate) 1 mayor, Gorlice (finalist) 1; a coordinator with no city; someone
    registered and absent."""
    digital = NetworkFactory(name="MIASTO CYFROWE", number=1)
    leaders = NetworkFactory(name="SIEĆ DLA LIDERÓW", number=8, kind=NetworkKind.LEADERS)
    przemysl = CityFactory(name="Przemyśl", programme_status=ProgrammeStatus.LAUREATE)
    zarow = CityFactory(name="Żarów", programme_status=ProgrammeStatus.LAUREATE)
    gorlice = CityFactory(name="Gorlice", programme_status=ProgrammeStatus.FINALIST)
    clerk, clerk2 = person_of(przemysl), person_of(przemysl)
    mayor = person_of(zarow, Function.MAYOR)
    finalist = person_of(gorlice)
    coordinator = ProfileFactory(city=None, function=Function.OTHER).user
    ParticipationFactory(person=coordinator, network=digital, role=Role.COORDINATOR, city=None)

    first, second = meeting(digital, at(10)), meeting(digital, at(50))
    leaders_meeting = meeting(leaders, at(30))
    for person in (clerk, clerk2, finalist):
        present(first, person)
    present(first, coordinator)
    present(second, clerk)
    present(second, finalist, attended=False)
    present(leaders_meeting, mayor)
    # Not held in the quarter: cancelled, a draft, the quarter before.
    for other in (
        meeting(digital, at(60), cancelled_at=timezone.now()),
        meeting(digital, at(70), draft=True),
        meeting(digital, START - dt.timedelta(days=20)),
    ):
        present(other, clerk)
        answers(other, [(1, 1)] * 6)

    answers(first, [(5, 4), (4, 4), (5, 5), (4, 3), (5, 4)])  # five: counted
    answers(second, [(1, 1)] * 4)  # four: never counted

    published = {"status": PracticeStatus.PUBLISHED, "published_at": at(5)}
    shared = practice(przemysl, **published)
    practice(gorlice, **published)
    practice(gorlice, status=PracticeStatus.SUBMITTED)
    practice(przemysl, status=PracticeStatus.PUBLISHED, published_at=START - dt.timedelta(1))
    transfer = Transfer.objects.create(practice=shared, city=gorlice, kind=TransferKind.ADOPTED)
    Transfer.objects.filter(pk=transfer.pk).update(recorded_at=at(20))
    Transfer.objects.create(practice=shared, city=zarow, kind=TransferKind.ADAPTED)  # today
    for stage, when in ((Stage.PUBLIC, at(40)), (Stage.PUBLIC, END), (Stage.DRAFT, None)):
        Result.objects.create(
            network=digital, kind=ResultKind.RECOMMENDATION, title="Wynik", summary="S",
            stage=stage, published_at=when, opened_to_observers_at=when,
        )  # fmt: skip
    return {"digital": digital, "leaders": leaders, "cities": (przemysl, zarow, gorlice)}


def test_the_figures_of_a_known_quarter(world, admin_user):
    report = funder_report(admin_user, Period.quarter(QUARTER))
    assert report.meetings_held == 3
    assert report.meetings_by_network == [("MIASTO CYFROWE", 2, 4), ("SIEĆ DLA LIDERÓW", 1, 1)]
    assert report.people == 5  # 2 clerks, the finalist, the coordinator, the mayor
    assert report.registrations == 6  # the absent one is not counted
    by_city = {row.label: (row.registrations, row.people, row.extra) for row in report.by_city}
    assert by_city == {
        "Gorlice": (1, 1, "finalista"),
        "Przemyśl": (3, 2, "laureat (otrzymał dotację)"),
        "Żarów": (1, 1, "laureat (otrzymał dotację)"),
    }
    assert [row.label for row in report.by_city] == ["Gorlice", "Przemyśl", "Żarów"]  # Polish
    assert report.cities_involved == 3
    by_status = {row.label: (row.registrations, row.people) for row in report.by_status}
    assert by_status["laureat (otrzymał dotację)"] == (4, 3)
    assert by_status["finalista"] == (1, 1)
    assert by_status["poza programem"] == (0, 0)
    assert by_status["bez miasta (osoby ZMP)"] == (1, 1)
    by_function = {row.label: (row.registrations, row.people) for row in report.by_function}
    assert by_function["pracownik urzędu miasta"] == (4, 3)
    assert by_function["burmistrz"] == (1, 1)
    assert by_function["inna"] == (1, 1)
    assert report.practices_published == 2
    assert (report.practices_transferred, report.transfers) == (1, 1)
    assert report.results_published == 1  # the other one on the first day of Q3
    surveys = report.surveys
    assert (surveys.meetings_shown, surveys.meetings_hidden, surveys.answers) == (1, 1, 5)
    assert surveys.overall == pytest.approx(4.6) and surveys.usefulness == pytest.approx(4.0)


def test_a_year_and_the_whole_cycle_take_in_more(world, admin_user):
    year = funder_report(admin_user, Period.year(2023))
    assert year.meetings_held == 4  # and the one of Q1
    assert year.surveys.meetings_shown == 2
    cycle = funder_report(admin_user, Period.cycle())
    assert cycle.meetings_held == 4
    assert funder_report(admin_user, Period.year(2022)).meetings_held == 0


def test_the_page_is_for_administrators_only(client, world, admin_user):
    url = reverse("funder_report:report")
    assert client.get(url).status_code == 302
    for person in (
        ProfileFactory().user,
        ParticipationFactory(network=world["digital"], role=Role.COORDINATOR, city=None).person,
        ProfileFactory(function=Function.MAYOR, verified=True).user,
    ):
        client.force_login(person)
        for name in ("report", "xlsx", "pdf"):
            assert client.get(reverse(f"funder_report:{name}"), QUERY).status_code == 404
        if person.participations.filter(role=Role.COORDINATOR).exists():
            assert url not in client.get(reverse("figures:staff")).content.decode()
    client.force_login(admin_user)
    html = client.get(url, QUERY).content.decode()
    assert "II kw. 2023" in html and "Przemyśl" in html and "4,60" in html
    assert url in client.get(reverse("figures:staff")).content.decode()  # found from the figures


@pytest.mark.parametrize(
    "query",
    [
        {"okres": "stulecie"},
        {"okres": "kwartal"},
        {"okres": "kwartal", "kwartal": "2023-5"},
        {"okres": "kwartal", "kwartal": "dwa"},
        {"okres": "rok", "rok": "1999"},
        {"okres": "rok", "rok": "2023x"},
        {"okres": "rok"},
    ],
)
@pytest.mark.parametrize("name", ["report", "xlsx", "pdf"])
def test_a_period_not_among_the_choices_is_a_form_error(client, admin_user, query, name):
    client.force_login(admin_user)
    response = client.get(reverse(f"funder_report:{name}"), query)
    html = response.content.decode()
    assert response.status_code == 400
    assert "<title>Błąd:" in html and 'class="error-summary"' in html


def test_no_period_asked_is_the_whole_cycle(client, admin_user):
    client.force_login(admin_user)
    html = client.get(reverse("funder_report:report")).content.decode()
    assert "cały cykl" in html and "II kw. 2022" in html and "I kw. 2024" in html


def test_the_workbook_holds_the_same_figures(client, world, admin_user):
    client.force_login(admin_user)
    response = client.get(reverse("funder_report:xlsx"), QUERY)
    assert response["Content-Disposition"] == 'attachment; filename="raport-empirie-2023-q2.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    summary = {row[0]: row[1] for row in workbook.worksheets[0].iter_rows(values_only=True)}
    assert summary["Spotkania, które się odbyły"] == 3
    assert summary["Uczestnicy (różne osoby)"] == 5
    assert summary["Wyniki opublikowane"] == 1
    by_city = workbook["Uczestnicy według miast"]
    rows = list(by_city.iter_rows(values_only=True))
    assert rows[0] == ("Miasto", "Status w programie", "Obecności", "Uczestnicy")
    assert ("Przemyśl", "laureat (otrzymał dotację)", 3, 2) in rows
    assert ("Żarów", "laureat (otrzymał dotację)", 1, 1) in rows


def test_the_pdf_holds_the_same_figures_in_polish(client, world, admin_user):
    client.force_login(admin_user)
    response = client.get(reverse("funder_report:pdf"), QUERY)
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    for expected in (
        "Raport dla operatora programu „Rozwój Lokalny”",
        "II kw. 2023",
        "Żarów",
        "Przemyśl",
        "Uczestnicy według statusu miasta",
        "SIEĆ DLA LIDERÓW",
    ):
        assert expected in text, expected


def test_the_report_costs_the_same_queries_however_much_data(
    client, world, admin_user, django_assert_max_num_queries
):
    client.force_login(admin_user)
    url = reverse("funder_report:report")
    with django_assert_max_num_queries(20) as few:
        client.get(url, QUERY)
    digital = world["digital"]
    for number in range(6):
        city = CityFactory(programme_status=ProgrammeStatus.FINALIST)
        held = meeting(digital, at(15 + number))
        for _person in range(3):
            present(held, person_of(city, Function.DEPUTY_MAYOR))
        answers(held, [(3, 3)] * 5)
        practice(city, status=PracticeStatus.PUBLISHED, published_at=at(15))
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(url, QUERY).content.decode()
    assert funder_report(admin_user, Period.quarter(QUARTER)).meetings_held == 9
    assert "Przemyśl" in html
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("funder_report:xlsx"), QUERY).status_code == 200
