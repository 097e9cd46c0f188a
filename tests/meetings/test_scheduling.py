"""Coordinators schedule meetings in Warsaw time; the form refuses what cannot work."""

import csv
import datetime as dt
import io
import threading
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts.choices import NotificationKind
from accounts.models import Notification
from meetings import services
from meetings.choices import MeetingFormat, RegistrationMode
from meetings.models import Meeting, Registration, WaitingListEntry
from networks.choices import Role
from tests.factories import NetworkFactory, ParticipationFactory, ProfileFactory

pytestmark = pytest.mark.django_db
WARSAW = ZoneInfo("Europe/Warsaw")


def member(network):
    profile = ProfileFactory()
    return ParticipationFactory(network=network, person=profile.user, city=profile.city).person


def agenda_rows(*rows, extra=1):
    """The agenda as the form sends it: rows of time, topic and speaker, and an empty row."""
    data = {"agenda-TOTAL_FORMS": str(len(rows) + extra), "agenda-INITIAL_FORMS": "0"}
    for index, (time, title, speaker) in enumerate(rows):
        data |= {f"agenda-{index}-starts_at": time, f"agenda-{index}-title": title,
                 f"agenda-{index}-speaker": speaker}  # fmt: skip
    return data


CAPACITY_RULE = "Liczba miejsc, jeśli ją podajesz, to co najmniej jedno miejsce."
PER_CITY_RULE = "Liczba miejsc na miasto, jeśli ją podajesz, to co najmniej jedno."


def form_data(**overrides):
    data = {
        "topic": "Cyfrowy urząd",
        "starts_at": "2027-03-10T10:00",
        "ends_at": "2027-03-10T15:00",
        "format": MeetingFormat.HYBRID,
        "venue_address": "Rynek 1, Przemyśl",
        "online_url": "https://spotkanie.example.org/1",
        "capacity": "",
        "registration_deadline": "",
        **agenda_rows(("10:00", "Powitanie", "Koordynator"), ("10:30", "E-usługi", "")),
    }
    data.update(overrides)
    return data


def schedule(client, network, **overrides):
    return client.post(reverse("meetings:schedule", args=[network.slug]), form_data(**overrides))


def test_scheduling_stores_utc_from_warsaw_time_with_the_agenda(client, network, coordinator):
    client.force_login(coordinator)
    response = schedule(client, network)
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert meeting.starts_at == dt.datetime(2027, 3, 10, 9, 0, tzinfo=dt.UTC)  # CET = UTC+1
    assert [(i.title, i.speaker) for i in meeting.agenda.all()] == [
        ("Powitanie", "Koordynator"),
        ("E-usługi", ""),
    ]
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "10:00" in page


def test_a_meeting_across_the_october_clock_change_keeps_its_local_hours(
    client, network, coordinator
):
    # 25 October 2026, 03:00 CEST becomes 02:00 CET: a meeting across the night lasts 25 hours.
    client.force_login(coordinator)
    schedule(
        client,
        network,
        starts_at="2026-10-24T12:00",
        ends_at="2026-10-25T12:00",
        format=MeetingFormat.IN_PERSON,
        online_url="",
        past_confirmed="on",  # October 2026 may have passed when this runs
    )
    meeting = Meeting.objects.get()
    assert meeting.starts_at == dt.datetime(2026, 10, 24, 10, 0, tzinfo=dt.UTC)
    assert meeting.ends_at == dt.datetime(2026, 10, 25, 11, 0, tzinfo=dt.UTC)
    assert meeting.ends_at - meeting.starts_at == dt.timedelta(hours=25)
    event = icalendar.Calendar.from_ical(
        client.get(reverse("meetings:ics", args=[meeting.pk])).content
    ).walk("VEVENT")[0]
    # Local times with their zone (subtracted in UTC: Python subtracts the same zone's wall
    # clocks), 10:00 and 12:00 in Warsaw, 25 hours apart.
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert (start.hour, end.hour, str(event["dtstart"].params["TZID"])) == (12, 12, "Europe/Warsaw")
    assert end.astimezone(dt.UTC) - start.astimezone(dt.UTC) == dt.timedelta(hours=25)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"ends_at": "2027-03-10T09:00"}, "ends_at", "Spotkanie musi się kończyć po rozpoczęciu."),
        (
            {"registration_deadline": "2027-03-11T10:00"},
            "registration_deadline",
            "Termin zapisów musi przypadać przed rozpoczęciem spotkania.",
        ),
        (
            {"online_url": ""},
            "online_url",
            "Spotkanie online lub hybrydowe wymaga linku do połączenia.",
        ),
        (
            {"format": MeetingFormat.IN_PERSON, "venue_address": ""},
            "venue_address",
            "Spotkanie stacjonarne lub hybrydowe wymaga adresu miejsca.",
        ),
        # 0 and -1 say the same: the rule, not the database's type.
        *[({"capacity": n}, "capacity", CAPACITY_RULE) for n in ("0", "-1")],
        *[({"places_per_city": n}, "places_per_city", PER_CITY_RULE) for n in ("0", "-1")],
    ],
)
def test_the_form_refuses_with_a_polish_reason_and_keeps_the_input(
    client, network, coordinator, overrides, field, message
):
    client.force_login(coordinator)
    response = schedule(client, network, **overrides)
    assert response.status_code == 200
    assert not Meeting.objects.exists()
    form = response.context["form"]
    assert field in form.errors
    assert form.errors[field] == [message]
    page = response.content.decode()
    assert 'value="Cyfrowy urząd"' in page


@pytest.mark.parametrize(
    "starts_at, ends_at", [("0001-01-01T00:30", "0001-01-01T05:00"), ("9999-12-31T23:00", "")]
)
def test_a_date_out_of_the_years_is_refused_not_a_crash(
    client, network, coordinator, starts_at, ends_at
):
    client.force_login(coordinator)
    response = schedule(client, network, starts_at=starts_at, ends_at=ends_at or starts_at)
    assert response.status_code == 200 and not Meeting.objects.exists()
    assert response.context["form"].errors["starts_at"] == ["Podaj datę z lat 2000–2100."]
    assert "Rozpoczęcie: Podaj datę z lat 2000–2100." in response.content.decode()  # summary


@pytest.mark.parametrize("hour", ["2027-03-28T02:30", "2027-10-31T02:30"])
def test_an_hour_the_clocks_skip_or_repeat_is_refused_in_words(client, network, coordinator, hour):
    client.force_login(coordinator)
    response = schedule(client, network, starts_at=hour, ends_at="2027-10-31T05:00")
    assert response.status_code == 200 and not Meeting.objects.exists()
    assert response.context["form"].errors["starts_at"] == [
        "Tego dnia zmienia się czas i tej godziny nie ma albo występuje dwa razy. "
        "Wybierz inną godzinę, np. o godzinę późniejszą."
    ]


def test_a_broken_rule_is_named_in_words_even_beside_another_error(client, network, coordinator):
    """A rule the database keeps (a venue for a meeting in person) is said in words, not by the
    constraint's name, when another field's error keeps the form's own check from running."""
    client.force_login(coordinator)
    response = schedule(client, network, venue_address="", topic="")
    page = response.content.decode()
    assert response.status_code == 200 and "meeting_in_person_has_venue" not in page
    assert "Spotkanie stacjonarne lub hybrydowe wymaga adresu miejsca." in page


def test_the_participants_csv_never_runs_a_formula(client, network, coordinator):
    meeting = make_meeting(network, coordinator)
    person = member(network)
    person.first_name, person.last_name = '=HYPERLINK("http://x")', "@SUM(A1)"
    person.save()
    services.registration_register(meeting_id=meeting.pk, person=person, mode="online")
    client.force_login(coordinator)
    body = client.get(reverse("meetings:participants_csv", args=[meeting.pk])).content
    _header, row = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert row[0].startswith("'=")


def test_a_second_meeting_in_the_quarter_needs_confirmation(client, network, coordinator):
    client.force_login(coordinator)
    schedule(client, network)
    response = schedule(client, network, starts_at="2027-02-01T10:00", ends_at="2027-02-01T12:00")
    assert response.status_code == 200
    assert "same_quarter_confirmed" in response.context["form"].errors
    assert Meeting.objects.count() == 1
    schedule(
        client,
        network,
        starts_at="2027-02-01T10:00",
        ends_at="2027-02-01T12:00",
        same_quarter_confirmed="on",
    )
    assert Meeting.objects.count() == 2
    # Confirmed once: an edit that keeps it in its quarter is not asked again.
    second = Meeting.objects.latest("pk")
    edit = form_data(topic="Inny temat", starts_at="2027-02-01T10:00", ends_at="2027-02-01T12:00")
    response = client.post(reverse("meetings:edit", args=[second.pk]), edit)
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.topic == "Inny temat"


def test_a_registration_deadline_already_passed_is_asked_about(client, network, coordinator):
    meeting = make_meeting(network, coordinator)
    local = timezone.localtime(meeting.starts_at)
    past = timezone.localtime(timezone.now() - dt.timedelta(hours=1))
    edit = form_data(
        starts_at=local.strftime("%Y-%m-%dT%H:%M"),
        ends_at=(local + dt.timedelta(hours=4)).strftime("%Y-%m-%dT%H:%M"),
        registration_deadline=past.strftime("%Y-%m-%dT%H:%M"),
    )
    client.force_login(coordinator)
    url = reverse("meetings:edit", args=[meeting.pk])
    response = client.post(url, edit)
    assert response.status_code == 200
    assert "zapisy zostałyby zamknięte od razu" in response.content.decode()
    assert client.post(url, {**edit, "closed_confirmed": "on"}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.registration_deadline < timezone.now()
    assert client.post(url, edit).status_code == 302  # the same deadline is not asked again


def make_meeting(network, coordinator, **overrides):
    starts_at = timezone.now() + dt.timedelta(days=20)
    fields = {
        "topic": "Spotkanie",
        "description": "",
        "starts_at": starts_at,
        "ends_at": starts_at + dt.timedelta(hours=4),
        "format": MeetingFormat.HYBRID,
        "host_city": None,
        "venue_address": "Rynek 1",
        "online_url": "https://spotkanie.example.org/2",
        "capacity": None,
        "registration_deadline": None,
    }
    fields.update(overrides)
    return services.meeting_schedule(network_id=network.pk, by=coordinator, **fields)


def test_only_registered_participants_see_the_online_link(client, network, coordinator):
    meeting = make_meeting(network, coordinator)
    person = member(network)
    client.force_login(person)
    url = reverse("meetings:detail", args=[meeting.pk])
    assert meeting.online_url not in client.get(url).content.decode()
    client.post(reverse("meetings:register", args=[meeting.pk]), {"mode": RegistrationMode.ONLINE})
    assert Registration.objects.get(person=person).mode == RegistrationMode.ONLINE
    assert meeting.online_url in client.get(url).content.decode()
    # Their calendar file has it too (tests/meetings/test_calendar_files.py: nobody else's).
    assert (
        meeting.online_url
        in client.get(reverse("meetings:ics", args=[meeting.pk])).content.decode()
    )


def test_capacity_is_never_exceeded(network, coordinator):
    meeting = make_meeting(network, coordinator, capacity=1)
    first, second = member(network), member(network)
    services.registration_register(
        meeting_id=meeting.pk, person=first, mode=RegistrationMode.IN_PERSON
    )
    waiting = services.registration_register(
        meeting_id=meeting.pk, person=second, mode=RegistrationMode.IN_PERSON
    )
    assert isinstance(waiting, WaitingListEntry) and waiting.reason == "full"
    assert meeting.registrations.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_people_taking_the_last_place_at_once_do_not_overbook():
    network = NetworkFactory()
    coordinator = ParticipationFactory(network=network, role=Role.COORDINATOR, city=None).person
    meeting = make_meeting(network, coordinator, capacity=1)
    people = [member(network) for _ in range(2)]
    barrier, outcomes = threading.Barrier(2), []

    def take_place(person):
        try:
            barrier.wait()
            taken = services.registration_register(
                meeting_id=meeting.pk, person=person, mode="in_person"
            )
            outcomes.append("waiting" if isinstance(taken, WaitingListEntry) else "in")
        finally:
            connection.close()

    threads = [threading.Thread(target=take_place, args=[p]) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["in", "waiting"]
    assert Registration.objects.filter(meeting=meeting).count() == 1


def test_no_registration_after_the_deadline(network, coordinator):
    meeting = make_meeting(
        network, coordinator, registration_deadline=timezone.now() - dt.timedelta(hours=1)
    )
    with pytest.raises(ValidationError):
        services.registration_register(
            meeting_id=meeting.pk, person=member(network), mode="in_person"
        )


def test_rescheduling_and_cancelling_tell_the_registered(network, coordinator):
    meeting = make_meeting(network, coordinator)
    person = member(network)
    services.registration_register(meeting_id=meeting.pk, person=person, mode="online")
    later = meeting.starts_at + dt.timedelta(days=1)
    fields = {name: getattr(meeting, name) for name in services.MEETING_FIELDS}
    services.meeting_update(
        meeting_id=meeting.pk,
        by=coordinator,
        **{**fields, "starts_at": later, "ends_at": later + dt.timedelta(hours=3)},
    )
    services.meeting_cancel(meeting_id=meeting.pk, by=coordinator, reason="Choroba prowadzącego.")
    kinds = list(Notification.objects.filter(recipient=person).values_list("kind", flat=True))
    assert sorted(kinds) == sorted(
        [NotificationKind.MEETING_CHANGED, NotificationKind.MEETING_CANCELLED]
    )
    cancelled = Notification.objects.get(recipient=person, kind=NotificationKind.MEETING_CANCELLED)
    assert cancelled.body == "Choroba prowadzącego."


def test_the_coordinator_exports_participants_as_csv(client, network, coordinator):
    meeting = make_meeting(network, coordinator)
    person = member(network)
    services.registration_register(meeting_id=meeting.pk, person=person, mode="online")
    client.force_login(coordinator)
    response = client.get(reverse("meetings:participants_csv", args=[meeting.pk]))
    body = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    # What Polish Excel opens in columns: UTF-8 with a BOM, separated by semicolons.
    assert response.content.startswith("\ufeff".encode())
    assert body.splitlines()[0] == "Imię i nazwisko;E-mail;Miasto;Funkcja;Forma udziału;Data zapisu"
    header, row = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert header[:3] == ["Imię i nazwisko", "E-mail", "Miasto"]
    assert row[1:3] == [person.email, person.profile.city.name]
    assert row[4] == "online"


def test_coming_meetings_page_queries_do_not_grow(
    uncached_fragments, client, network, coordinator, django_assert_max_num_queries
):
    person = member(network)
    client.force_login(person)
    make_meeting(network, coordinator)
    with django_assert_max_num_queries(15) as few:
        client.get(reverse("meetings:coming"))
    for days in range(5):
        meeting = make_meeting(
            network,
            coordinator,
            starts_at=timezone.now() + dt.timedelta(days=40 + days * 100),
            ends_at=timezone.now() + dt.timedelta(days=40 + days * 100, hours=2),
        )
        services.registration_register(
            meeting_id=meeting.pk, person=member(network), mode="in_person"
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("meetings:coming")).content.decode()
    assert page.count('href="/spotkania/') >= 6


@pytest.mark.parametrize(
    "starts_at, ends_at",
    [("9999-12-31T23:00", "9999-12-31T23:30"), ("9999-11-10T10:00", "9999-11-10T11:00")],
)
def test_both_dates_out_of_the_years_are_refused_not_a_crash(
    client, network, coordinator, starts_at, ends_at
):
    client.force_login(coordinator)
    for confirmed in ("", "on"):
        response = schedule(
            client, network, starts_at=starts_at, ends_at=ends_at, same_quarter_confirmed=confirmed
        )
        assert response.status_code == 200 and not Meeting.objects.exists()
        assert "starts_at" in response.context["form"].errors


def test_a_capacity_below_those_registered_is_refused_with_their_number(
    client, network, coordinator
):
    client.force_login(coordinator)
    schedule(client, network)
    meeting = Meeting.objects.get()
    for _ in range(3):
        services.registration_register(
            meeting_id=meeting.pk, person=member(network), mode=RegistrationMode.IN_PERSON
        )
    url = reverse("meetings:edit", args=[meeting.pk])
    response = client.post(url, form_data(capacity="2"))
    page = response.content.decode()
    assert response.status_code == 200 and "3 miejsca są już zajęte" in page
    assert 'value="2"' in page  # what was typed stays
    meeting.refresh_from_db()
    assert meeting.capacity is None
    assert client.post(url, form_data(capacity="3")).status_code == 302
    meeting.refresh_from_db()
    assert meeting.capacity == 3


def test_a_registration_stays_once_the_meeting_has_begun(client, network, coordinator):
    """Until it begins a place can be given back; from then on the registration is the
    record of who was expected, and the page no longer offers to cancel it."""
    meeting = make_meeting(network, coordinator)
    person = member(network)
    services.registration_register(meeting_id=meeting.pk, person=person, mode="in_person")
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - dt.timedelta(hours=1), ends_at=timezone.now()
    )
    with pytest.raises(ValidationError):
        services.registration_cancel(meeting_id=meeting.pk, person=person)
    client.force_login(person)
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert reverse("meetings:unregister", args=[meeting.pk]) not in page
    answer = client.post(reverse("meetings:unregister", args=[meeting.pk]), follow=True)
    assert "Spotkanie już się rozpoczęło" in answer.content.decode()
    assert Registration.objects.filter(meeting=meeting, person=person).exists()


def test_registering_again_says_so_and_an_unknown_way_of_taking_part_is_refused(
    client, network, coordinator
):
    meeting = make_meeting(network, coordinator)
    person = member(network)
    client.force_login(person)
    url = reverse("meetings:register", args=[meeting.pk])
    answer = client.post(url, {"mode": "bogus"}, follow=True).content.decode()
    assert "Wybierz, jak weźmiesz udział" in answer
    assert not Registration.objects.filter(person=person).exists()
    client.post(url, {"mode": RegistrationMode.ONLINE})
    answer = client.post(url, {"mode": RegistrationMode.IN_PERSON}, follow=True).content.decode()
    assert "Już masz zapis na to spotkanie" in answer
    assert Registration.objects.get(person=person).mode == RegistrationMode.ONLINE


def test_the_edit_says_whether_the_registered_were_told(client, network, coordinator):
    starts_at = (timezone.now() + dt.timedelta(days=20)).replace(second=0, microsecond=0)
    meeting = make_meeting(
        network, coordinator, starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=4)
    )
    services.registration_register(meeting_id=meeting.pk, person=member(network), mode="online")
    local = timezone.localtime(meeting.starts_at)
    edit = form_data(
        topic=meeting.topic, venue_address=meeting.venue_address,
        online_url=meeting.online_url,
        starts_at=local.strftime("%Y-%m-%dT%H:%M"),
        ends_at=(local + dt.timedelta(hours=4)).strftime("%Y-%m-%dT%H:%M"),
        **agenda_rows(extra=0),
    )  # fmt: skip
    client.force_login(coordinator)
    url = reverse("meetings:edit", args=[meeting.pk])
    page = client.post(url, {**edit, "capacity": "30"}, follow=True).content.decode()
    assert "nie powiadamialiśmy zapisanych uczestników" in page  # places only
    page = client.post(url, {**edit, "capacity": "30", "topic": "Nowy temat"}, follow=True)
    assert "zapisani uczestnicy zostali powiadomieni" in page.content.decode()
