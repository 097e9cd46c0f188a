"""Check-in at the door: from two hours before the start, the coordinator finds a person by
name or city (without case or Polish letters) and marks them present with one tap; the page
comes back searched as it was. An attendance once recorded is never deleted by unregistering."""

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from meetings import rules, services
from meetings.choices import AttendanceSource, MeetingFormat, RegistrationMode
from meetings.models import Meeting, Registration
from networks.choices import NetworkKind, Role
from tests.factories import CityFactory, NetworkFactory, ParticipationFactory, ProfileFactory

pytestmark = pytest.mark.django_db


def member(network, *, first="Anna", last="Kowalska", city=None):
    profile = ProfileFactory(
        user__first_name=first, user__last_name=last, city=city or CityFactory()
    )
    return ParticipationFactory(network=network, person=profile.user, city=profile.city).person


def meeting_of(network, coordinator, *, starts_in=dt.timedelta(hours=1), **fields):
    starts_at = timezone.now() + starts_in
    meeting = services.meeting_schedule(
        network_id=network.pk, by=coordinator, topic="Cyfrowy urząd", description="",
        starts_at=timezone.now() + dt.timedelta(days=30),
        ends_at=timezone.now() + dt.timedelta(days=30, hours=4),
        format=MeetingFormat.HYBRID, host_city=None, venue_address="Rynek 1",
        online_url="https://spotkanie.example.org/1", capacity=None,
        registration_deadline=None, **fields,
    )  # fmt: skip
    # Moved to its time by hand: the service would tell the participants, and refuse the past.
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=4)
    )
    meeting.refresh_from_db()
    return meeting


def registered(meeting, person, mode=RegistrationMode.IN_PERSON):
    return Registration.objects.create(meeting=meeting, person=person, mode=mode)


@pytest.fixture
def setting(network, coordinator):
    meeting = meeting_of(network, coordinator)
    przemysl, zywiec = CityFactory(name="Przemyśl"), CityFactory(name="Żywiec")
    wojcik = registered(meeting, member(network, first="Małgorzata", last="Wójcik", city=przemysl))
    lecki = registered(meeting, member(network, first="Paweł", last="Łęcki", city=zywiec))
    nowak = registered(meeting, member(network, first="Jan", last="Nowak", city=przemysl))
    return meeting, {"wojcik": wojcik, "lecki": lecki, "nowak": nowak}


def page(client, meeting, **query):
    return client.get(reverse("meetings:attendance", args=[meeting.pk]), query)


def tap(client, meeting, registration, search="", undo=False):
    data = {"osoba": registration.pk, "szukaj": search}
    if undo:
        data["cofnij"] = "1"
    return client.post(reverse("meetings:check_in", args=[meeting.pk]), data)


def test_the_window_opens_two_hours_before_the_start(network, coordinator):
    early = meeting_of(network, coordinator, starts_in=dt.timedelta(hours=2, minutes=5))
    assert not rules.can_check_in(early)
    assert rules.can_check_in(early).reason
    just = meeting_of(network, coordinator, starts_in=dt.timedelta(hours=1, minutes=59))
    assert rules.can_check_in(just)
    started = meeting_of(network, coordinator, starts_in=-dt.timedelta(hours=1))
    assert rules.can_check_in(started)
    Meeting.objects.filter(pk=started.pk).update(cancelled_at=timezone.now())
    started.refresh_from_db()
    assert not rules.can_check_in(started)


def test_too_early_is_refused_by_the_service_and_the_page(client, network, coordinator):
    meeting = meeting_of(network, coordinator, starts_in=dt.timedelta(hours=3))
    registration = registered(meeting, member(network))
    with pytest.raises(ValidationError):
        services.check_in(meeting_id=meeting.pk, registration_id=registration.pk, by=coordinator)
    client.force_login(coordinator)
    response = page(client, meeting)
    assert response.status_code == 200
    assert reverse("meetings:check_in", args=[meeting.pk]) not in response.content.decode()
    response = tap(client, meeting, registration)
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.attended is None and registration.checked_in_at is None


def test_two_hours_before_one_tap_marks_present_with_the_time(client, setting, coordinator):
    meeting, people = setting
    client.force_login(coordinator)
    before = timezone.now()
    response = tap(client, meeting, people["lecki"], search="lecki")
    assert response.status_code == 302
    # PRG: back to the same search, at the person's row.
    assert response["Location"] == (
        reverse("meetings:attendance", args=[meeting.pk])
        + f"?szukaj=lecki#osoba-{people['lecki'].pk}"
    )
    registration = Registration.objects.get(pk=people["lecki"].pk)
    assert registration.attended is True
    assert registration.attendance_source == AttendanceSource.DOOR
    assert registration.checked_in_at >= before
    html = client.get(response["Location"]).content.decode()
    assert "Łęcki" in html and "Wójcik" not in html.split('class="check-in"')[1]
    assert 'value="lecki"' in html  # the search box keeps the text
    local = timezone.localtime(registration.checked_in_at)
    assert local.strftime("%H:%M") in html
    assert "1 z 3 obecnych" in html or "1 of 3 present" in html


def test_a_second_tap_keeps_the_first_time(setting, coordinator):
    meeting, people = setting
    first = services.check_in(
        meeting_id=meeting.pk, registration_id=people["nowak"].pk, by=coordinator
    )
    again = services.check_in(
        meeting_id=meeting.pk, registration_id=people["nowak"].pk, by=coordinator
    )
    assert again.checked_in_at == first.checked_in_at


def test_undo_takes_the_check_in_back(client, setting, coordinator):
    meeting, people = setting
    client.force_login(coordinator)
    tap(client, meeting, people["wojcik"])
    response = tap(client, meeting, people["wojcik"], search="Przemyśl", undo=True)
    assert response["Location"].startswith(
        reverse("meetings:attendance", args=[meeting.pk]) + "?szukaj=Przemy%C5%9Bl"
    )
    registration = Registration.objects.get(pk=people["wojcik"].pk)
    assert registration.attended is None
    assert registration.attendance_source == "" and registration.checked_in_at is None


def test_search_by_name_or_city_without_case_or_polish_letters(client, setting, coordinator):
    meeting, _people = setting
    client.force_login(coordinator)

    def names(**query):
        html = page(client, meeting, **query).content.decode()
        listed = (
            html.split('class="check-in"')[1].split("</ul>")[0]
            if 'class="check-in"' in html
            else ""
        )
        return sorted(re.findall(r"<strong>([^<]+)</strong>", listed))

    assert names(szukaj="WOJCIK") == ["Małgorzata Wójcik"]
    assert names(szukaj="lęcki") == ["Paweł Łęcki"]
    assert names(szukaj="lecki") == ["Paweł Łęcki"]
    assert names(szukaj="przemysl") == ["Jan Nowak", "Małgorzata Wójcik"]
    assert names(szukaj="zywiec pawel") == ["Paweł Łęcki"]
    assert names() == ["Jan Nowak", "Małgorzata Wójcik", "Paweł Łęcki"]
    html = page(client, meeting, szukaj="Kraków").content.decode()
    assert "Kraków" in html and names(szukaj="Kraków") == []
    assert "Nikogo nie znaleziono dla „Kraków”" in html or "Nobody found for" in html


def test_nobody_registered_says_so(client, network, coordinator):
    meeting = meeting_of(network, coordinator)
    client.force_login(coordinator)
    html = page(client, meeting).content.decode()
    assert "Nikt się jeszcze nie zapisał" in html


@pytest.mark.parametrize("who", ["member", "other coordinator", "leaders"])
def test_only_the_networks_coordinators_check_in(client, setting, network, who):
    meeting, people = setting
    if who == "member":
        person = people["nowak"].person
    elif who == "other coordinator":
        person = ParticipationFactory(role=Role.COORDINATOR, city=None).person
    else:  # the coordinator of the leaders' network, at a meeting of the leaders' network
        leaders = NetworkFactory(kind=NetworkKind.LEADERS)
        leaders_coordinator = ParticipationFactory(
            network=leaders, role=Role.COORDINATOR, city=None
        ).person
        meeting = meeting_of(leaders, leaders_coordinator)
        person = ParticipationFactory(network=network, role=Role.COORDINATOR, city=None).person
    client.force_login(person)
    assert page(client, meeting).status_code == 404
    registration = people["lecki"]
    assert tap(client, meeting, registration).status_code == 404
    url = reverse("meetings:attendance_import", args=[meeting.pk])
    assert client.get(url).status_code == 404
    with pytest.raises(PermissionDenied):
        services.check_in(meeting_id=meeting.pk, registration_id=registration.pk, by=person)
    registration.refresh_from_db()
    assert registration.attended is None


def test_a_registration_of_another_meeting_is_refused(setting, network, coordinator):
    meeting, _people = setting
    other = meeting_of(network, coordinator)
    stranger = registered(other, member(network))
    with pytest.raises(ValidationError):
        services.check_in(meeting_id=meeting.pk, registration_id=stranger.pk, by=coordinator)


def test_odd_posts_are_no_error(client, setting, coordinator):
    meeting, _people = setting
    client.force_login(coordinator)
    url = reverse("meetings:check_in", args=[meeting.pk])
    for data in ({}, {"osoba": "abc"}, {"osoba": "9" * 30}, {"osoba": "99999999"},
                 {"osoba": "1\x00"}, {"szukaj": "x" * 5000, "osoba": "-1"}):  # fmt: skip
        response = client.post(url, data)
        assert response.status_code == 302, data
    assert client.get(url).status_code == 405
    assert page(client, meeting, szukaj="\x00<script>").status_code == 200


def test_the_pages_queries_do_not_grow_with_the_registrations(
    uncached_fragments, client, setting, network, coordinator, django_assert_max_num_queries
):
    meeting, people = setting
    services.check_in(meeting_id=meeting.pk, registration_id=people["nowak"].pk, by=coordinator)
    client.force_login(coordinator)
    page(client, meeting)  # the session and the person's access, once
    with django_assert_max_num_queries(20) as few:
        assert page(client, meeting).status_code == 200
    baseline = len(few.captured_queries)  # read now: the next request empties the log
    for number in range(12):
        registration = registered(meeting, member(network, last=f"Nowakowska{number}"))
        if number % 2:
            services.check_in(
                meeting_id=meeting.pk, registration_id=registration.pk, by=coordinator
            )
    page(client, meeting)  # the access cached again: new people joined the network
    with django_assert_max_num_queries(baseline):
        html = page(client, meeting).content.decode()
    assert html.count('name="osoba"') == 15


def test_the_whole_list_waits_for_the_start_and_keeps_the_door_check_ins(
    client, setting, coordinator
):
    meeting, people = setting
    client.force_login(coordinator)
    html = page(client, meeting).content.decode()
    assert 'name="attended"' not in html  # before the start: the door only
    services.check_in(meeting_id=meeting.pk, registration_id=people["lecki"].pk, by=coordinator)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - dt.timedelta(hours=1))
    assert 'name="attended"' in page(client, meeting).content.decode()
    ticked = [people["lecki"].pk, people["nowak"].pk]
    client.post(reverse("meetings:attendance", args=[meeting.pk]), {"attended": ticked})
    lecki, nowak, wojcik = (
        Registration.objects.get(pk=people[key].pk) for key in ("lecki", "nowak", "wojcik")
    )
    assert (lecki.attended, lecki.attendance_source) == (True, AttendanceSource.DOOR)
    assert lecki.checked_in_at is not None
    assert (nowak.attended, nowak.attendance_source) == (True, AttendanceSource.LIST)
    assert (wojcik.attended, wojcik.attendance_source) == (False, AttendanceSource.LIST)


def test_unregistering_never_deletes_a_recorded_attendance(client, setting, coordinator):
    meeting, people = setting
    person = people["wojcik"].person
    services.check_in(meeting_id=meeting.pk, registration_id=people["wojcik"].pk, by=coordinator)
    # Checked in early, before the start: the registration is now a record.
    with pytest.raises(ValidationError):
        services.registration_cancel(meeting_id=meeting.pk, person=person)
    client.force_login(person)
    client.post(reverse("meetings:unregister", args=[meeting.pk]))
    assert Registration.objects.filter(pk=people["wojcik"].pk, attended=True).exists()
    # Someone not checked in may still give the place back before the start.
    assert services.registration_cancel(meeting_id=meeting.pk, person=people["nowak"].person)
    # Leaving the network gives back coming places, never one recorded as attended.
    ParticipationFactory._meta.model.objects.filter(person=person).delete()
    services.registrations_end_where_unseen(person_id=person.pk)
    assert Registration.objects.filter(pk=people["wojcik"].pk).exists()


def test_unregistering_is_refused_once_the_meeting_has_started(setting):
    meeting, people = setting
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - dt.timedelta(minutes=1))
    with pytest.raises(ValidationError):
        services.registration_cancel(meeting_id=meeting.pk, person=people["lecki"].person)
    assert Registration.objects.filter(pk=people["lecki"].pk).exists()
