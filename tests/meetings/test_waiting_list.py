"""A full meeting's waiting list and its places per city: a freed place is offered to the
first in line who may take it, held for 48 hours, confirmed or declined with one click,
passed on when it expires; exactly once, under the meeting's row lock."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from accounts.choices import NotificationKind
from accounts.models import Notification
from audit.models import AuditEntry
from meetings import services
from meetings.models import Meeting, Registration, WaitingListEntry
from meetings.rules import OFFER_HELD
from meetings.tasks import pass_on_expired_offers
from networks import services as network_services
from networks.choices import Role
from tests.concurrency import run_at_once
from tests.factories import CityFactory, NetworkFactory, ParticipationFactory, ProfileFactory
from tests.meetings.test_scheduling import make_meeting

pytestmark = pytest.mark.django_db


def member(network, city=None):
    profile = ProfileFactory(**({"city": city} if city else {}))
    return ParticipationFactory(network=network, person=profile.user, city=profile.city).person


def register(meeting, person):
    return services.registration_register(meeting_id=meeting.pk, person=person, mode="in_person")


def offers_to(person):
    return Notification.objects.filter(
        recipient=person, kind=NotificationKind.WAITING_PLACE_OFFERED
    ).count()


def test_giving_up_a_place_is_asked_about_first_and_a_look_changes_nothing(
    client, network, coordinator
):
    meeting = make_meeting(network, coordinator, capacity=1)
    holder, waiting = member(network), member(network)
    register(meeting, holder), register(meeting, waiting)
    url = reverse("meetings:detail", args=[meeting.pk])
    for person, asked, button in (
        (holder, "wypisanie", "Tak, wypisz mnie"),
        (waiting, "rezygnacja", "Tak, opuszczam listę"),
    ):
        client.force_login(person)
        page = client.get(url).content.decode()
        assert f"?potwierdz={asked}#potwierdzenie" in page and button not in page
        page = client.get(url, {"potwierdz": asked}).content.decode()
        assert button in page
    assert Registration.objects.filter(person=holder).exists()
    assert WaitingListEntry.objects.filter(person=waiting).exists()


def test_a_full_meeting_puts_people_in_line_and_offers_a_freed_place_to_the_first(
    client, network, coordinator
):
    meeting = make_meeting(network, coordinator, capacity=1)
    holder, first, second = member(network), member(network), member(network)
    assert isinstance(register(meeting, holder), Registration)
    assert register(meeting, first).position < register(meeting, second).position
    client.force_login(second)
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "numer 2 w kolejce" in page and "Opuść listę oczekujących" in page

    services.registration_cancel(meeting_id=meeting.pk, person=holder)
    offer = WaitingListEntry.objects.get(person=first)
    assert offer.is_offered and not WaitingListEntry.objects.get(person=second).is_offered
    held = offer.offer_expires_at - offer.offered_at
    assert dt.timedelta(hours=47, minutes=59) < held <= OFFER_HELD
    assert (offers_to(first), offers_to(second)) == (1, 0)
    # The held place counts as taken: nobody slips in before the offer is answered.
    assert isinstance(register(meeting, member(network)), WaitingListEntry)

    client.force_login(first)
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Zwolniło się miejsce dla Ciebie" in page
    client.post(reverse("meetings:accept_offer", args=[meeting.pk]))
    assert Registration.objects.filter(meeting=meeting, person=first).exists()
    assert not WaitingListEntry.objects.filter(person=first).exists()
    assert meeting.registrations.count() == 1
    assert AuditEntry.objects.filter(object_type="meetings.waitinglistentry").exists()


def test_declining_passes_the_place_on_and_an_unanswered_offer_expires_once(network, coordinator):
    meeting = make_meeting(network, coordinator, capacity=1)
    holder, first, second, third = (member(network) for _ in range(4))
    register(meeting, holder)
    for person in (first, second, third):
        register(meeting, person)
    services.registration_cancel(meeting_id=meeting.pk, person=holder)
    services.waiting_leave(meeting_id=meeting.pk, person=first)  # declines
    assert WaitingListEntry.objects.get(person=second).is_offered

    WaitingListEntry.objects.filter(person=second).update(
        offered_at=timezone.now() - dt.timedelta(hours=49),
        offer_expires_at=timezone.now() - dt.timedelta(hours=1),
    )
    pass_on_expired_offers()
    pass_on_expired_offers()  # beat firing twice changes nothing
    assert not WaitingListEntry.objects.filter(person=second).exists()
    expired = Notification.objects.filter(
        recipient=second, kind=NotificationKind.WAITING_OFFER_EXPIRED
    )
    assert expired.count() == 1
    assert WaitingListEntry.objects.get(person=third).is_offered and offers_to(third) == 1
    with pytest.raises(ValidationError, match="nie czeka na Ciebie"):
        services.waiting_offer_accept(meeting_id=meeting.pk, person=second)


def test_an_offer_never_outlives_the_registration_deadline(network, coordinator):
    deadline = timezone.now() + dt.timedelta(hours=5)
    meeting = make_meeting(network, coordinator, capacity=1, registration_deadline=deadline)
    holder, first = member(network), member(network)
    register(meeting, holder)
    register(meeting, first)
    services.registration_cancel(meeting_id=meeting.pk, person=holder)
    assert WaitingListEntry.objects.get(person=first).offer_expires_at == deadline
    # The coordinator moves the deadline earlier: the place held shortens with it.
    fields = {name: getattr(meeting, name) for name in services.MEETING_FIELDS}
    earlier = timezone.now() + dt.timedelta(hours=2)
    services.meeting_update(meeting_id=meeting.pk, by=coordinator,
                            **{**fields, "registration_deadline": earlier})  # fmt: skip
    assert WaitingListEntry.objects.get(person=first).offer_expires_at == earlier
    # And to the past: the offer lapses at once, and its person is told.
    past = timezone.now() - dt.timedelta(minutes=1)
    services.meeting_update(meeting_id=meeting.pk, by=coordinator,
                            **{**fields, "registration_deadline": past})  # fmt: skip
    assert not WaitingListEntry.objects.filter(person=first).exists()
    assert Notification.objects.filter(
        recipient=first, kind=NotificationKind.WAITING_OFFER_EXPIRED
    ).exists()


def test_a_city_quota_sends_the_third_person_to_the_list_and_offers_skip_that_city(
    client, network, coordinator
):
    city, other_city = CityFactory(), CityFactory()
    meeting = make_meeting(network, coordinator, capacity=4, places_per_city=2)
    ours = [member(network, city) for _ in range(3)]
    register(meeting, ours[0])
    client.force_login(ours[2])
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Miejsca Twojego miasta: 1 z 2 zajęte" in page
    register(meeting, ours[1])
    waiting = register(meeting, ours[2])
    assert isinstance(waiting, WaitingListEntry) and waiting.reason == "city_quota"
    theirs = [member(network, other_city) for _ in range(3)]
    for person in theirs[:2]:
        register(meeting, person)
    assert register(meeting, theirs[2]).reason == "full"
    # A place of the other city frees: the first in line is of a city at its quota, skipped.
    services.registration_cancel(meeting_id=meeting.pk, person=theirs[0])
    assert not WaitingListEntry.objects.get(person=ours[2]).is_offered
    assert WaitingListEntry.objects.get(person=theirs[2]).is_offered
    # A place of her own city frees: now she is offered it.
    services.registration_cancel(meeting_id=meeting.pk, person=ours[0])
    assert WaitingListEntry.objects.get(person=ours[2]).is_offered


def test_raising_the_capacity_offers_the_new_places(client, network, coordinator):
    meeting = make_meeting(network, coordinator, capacity=1)
    register(meeting, member(network))
    waiting = [member(network) for _ in range(3)]
    for person in waiting:
        register(meeting, person)
    client.force_login(coordinator)
    fields = {name: getattr(meeting, name) for name in services.MEETING_FIELDS}
    updated = services.meeting_update(
        meeting_id=meeting.pk, by=coordinator, **{**fields, "capacity": 3}
    )
    assert updated.offered == 2  # the coordinator's page says so
    offered = [WaitingListEntry.objects.get(person=p).is_offered for p in waiting]
    assert offered == [True, True, False]
    with pytest.raises(ValidationError, match="3"):  # held places count: not below them
        services.meeting_update(meeting_id=meeting.pk, by=coordinator, **{**fields, "capacity": 2})


def test_the_coordinator_sees_and_reorders_the_list_and_the_order_decides_the_offer(
    client, network, coordinator
):
    meeting = make_meeting(network, coordinator, capacity=1)
    holder = member(network)
    register(meeting, holder)
    first, second = member(network), member(network)
    register(meeting, first)
    entry = register(meeting, second)
    client.force_login(second)
    move = reverse("meetings:move_on_waiting_list", args=[meeting.pk, entry.pk])
    assert client.post(move, {"kierunek": "gora"}).status_code == 404  # a member may not
    client.force_login(coordinator)
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Lista oczekujących" in page and second.public_name in page
    client.post(move, {"kierunek": "gora"})
    services.registration_cancel(meeting_id=meeting.pk, person=holder)
    assert WaitingListEntry.objects.get(person=second).is_offered
    assert not WaitingListEntry.objects.get(person=first).is_offered


def test_the_meeting_page_reads_a_fixed_number_of_queries_however_long_the_list(
    client, network, coordinator
):
    meeting = make_meeting(network, coordinator, capacity=1)
    register(meeting, member(network))
    client.force_login(coordinator)
    url = reverse("meetings:detail", args=[meeting.pk])

    def queries():
        client.get(url)  # what a change made stale is read again once
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    register(meeting, member(network))
    before = queries()
    for _ in range(5):
        register(meeting, member(network))
    assert queries() == before


def test_leaving_the_network_frees_the_place_for_the_next(network, coordinator):
    meeting = make_meeting(network, coordinator, capacity=1)
    holder, first = member(network), member(network)
    register(meeting, holder)
    register(meeting, first)
    network_services.participation_end(participation_id=holder.participations.get().pk, by=holder)
    assert WaitingListEntry.objects.get(person=first).is_offered


def full_meeting_with_line(places, waiting):
    network = NetworkFactory()
    coordinator = ParticipationFactory(network=network, role=Role.COORDINATOR, city=None).person
    meeting = make_meeting(network, coordinator, capacity=places)
    holders = [member(network) for _ in range(places)]
    line = [member(network) for _ in range(waiting)]
    for person in holders + line:
        register(meeting, person)
    return meeting, holders, line


@pytest.mark.django_db(transaction=True)
def test_two_places_freed_at_once_go_to_the_first_two_each_once():
    meeting, holders, line = full_meeting_with_line(2, 3)
    run_at_once(*[
        lambda p=p: services.registration_cancel(meeting_id=meeting.pk, person=p) for p in holders
    ])  # fmt: skip
    offered = [WaitingListEntry.objects.get(person=p).is_offered for p in line]
    assert offered == [True, True, False]
    assert [offers_to(p) for p in line] == [1, 1, 0]


@pytest.mark.django_db(transaction=True)
def test_two_confirmations_at_once_fill_the_places_and_never_more():
    meeting, holders, line = full_meeting_with_line(2, 3)
    for person in holders:
        services.registration_cancel(meeting_id=meeting.pk, person=person)
    outcomes = run_at_once(*[
        lambda p=p: services.waiting_offer_accept(meeting_id=meeting.pk, person=p)
        for p in line  # the third has no offer
    ])  # fmt: skip
    assert [isinstance(o, Registration) for o in outcomes] == [True, True, False]
    assert isinstance(outcomes[2], ValidationError)
    assert meeting.registrations.count() == 2


@pytest.mark.django_db(transaction=True)
def test_an_offer_expiring_while_it_is_confirmed_is_either_taken_or_passed_on():
    meeting, holders, line = full_meeting_with_line(1, 2)
    services.registration_cancel(meeting_id=meeting.pk, person=holders[0])
    now = timezone.now()
    WaitingListEntry.objects.filter(person=line[0]).update(offer_expires_at=now)
    later = now + dt.timedelta(seconds=1)
    outcomes = run_at_once(
        lambda: services.waiting_offer_accept(meeting_id=meeting.pk, person=line[0]),
        lambda: services.waiting_offers_expire(now=later),
    )
    assert isinstance(outcomes[0], ValidationError)  # expired: the lock makes it one story
    assert meeting.registrations.count() == 0
    assert WaitingListEntry.objects.get(person=line[1]).is_offered
    assert offers_to(line[1]) == 1


def test_the_desk_tells_each_person_where_they_stand(client, network, coordinator):
    meeting = make_meeting(network, coordinator, capacity=1)
    holder, first, second, newcomer = (member(network) for _ in range(4))
    for person in (holder, first, second):
        register(meeting, person)
    services.registration_cancel(meeting_id=meeting.pk, person=holder)
    register(meeting, holder)  # back, now last in line
    said = {}
    for key, person in {"first": first, "second": second, "newcomer": newcomer}.items():
        client.force_login(person)
        said[key] = client.get(reverse("desk:home")).content.decode()
    until = WaitingListEntry.objects.get(person=first).offer_expires_at
    held = date_format(timezone.localtime(until), "j E Y, H:i")
    assert f"Czeka na Ciebie miejsce do {held}: potwierdź je" in said["first"]
    assert "Na liście oczekujących" in said["second"]
    assert "Brak miejsc: zapisz się na listę oczekujących" in said["newcomer"]


def test_what_the_trial_found(client, network, coordinator):
    meeting = make_meeting(network, coordinator, capacity=1)
    holder, first, second = member(network), member(network), member(network)
    for person in (holder, first, second):
        register(meeting, person)
    # Only what a participant's calendar holds is news: a capacity alone tells nobody.
    fields = {name: getattr(meeting, name) for name in services.MEETING_FIELDS}
    services.meeting_update(meeting_id=meeting.pk, by=coordinator, **{**fields, "capacity": 1})
    assert not Notification.objects.filter(kind=NotificationKind.MEETING_CHANGED).exists()
    # A moved meeting tells those waiting too, but only a place-holder gets its .ics.
    moved = meeting.starts_at + dt.timedelta(hours=2)
    services.meeting_update(
        meeting_id=meeting.pk, by=coordinator,
        **{**fields, "starts_at": moved, "ends_at": moved + dt.timedelta(hours=2)},
    )  # fmt: skip
    changed = {n.recipient_id: n for n in Notification.objects.filter(
        kind=NotificationKind.MEETING_CHANGED)}  # fmt: skip
    assert set(changed) == {holder.pk, first.pk, second.pk}
    assert services.calendar_attachments(changed[first.pk]) == []
    assert len(services.calendar_attachments(changed[holder.pk])) == 1
    # A forged direction moves nobody; the first cannot go further up.
    client.force_login(coordinator)
    entry = WaitingListEntry.objects.get(person=second)
    client.post(reverse("meetings:move_on_waiting_list", args=[meeting.pk, entry.pk]),
                {"kierunek": "xxx"})  # fmt: skip
    assert WaitingListEntry.objects.get(person=second).position == entry.position
    first_entry = WaitingListEntry.objects.get(person=first)
    assert not services.waiting_move(
        meeting_id=meeting.pk, entry_id=first_entry.pk, by=coordinator, up=True
    )
    # Confirming twice (a double click) keeps the place and says nothing wrong.
    services.registration_cancel(meeting_id=meeting.pk, person=holder)
    taken = services.waiting_offer_accept(meeting_id=meeting.pk, person=first)
    assert services.waiting_offer_accept(meeting_id=meeting.pk, person=first) == taken
    # A city's places per city cannot go below what it already holds.
    with pytest.raises(ValidationError, match=first.profile.city.name):
        _lower_places(meeting, coordinator, first)
    # Cancelled: no offer is held, the page and the desk say so.
    services.registration_cancel(meeting_id=meeting.pk, person=first)
    assert WaitingListEntry.objects.get(person=second).is_offered
    services.meeting_cancel(meeting_id=meeting.pk, by=coordinator, reason="Choroba")
    assert not WaitingListEntry.objects.get(person=second).is_offered
    client.force_login(second)
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Potwierdzam udział" not in page and "nie ma na co się zapisać" in page


def _lower_places(meeting, coordinator, person):
    """Two of one city hold places; the limit may not drop to one."""
    other = member(meeting.network, person.profile.city)
    fields = {name: getattr(meeting, name) for name in services.MEETING_FIELDS}
    services.meeting_update(meeting_id=meeting.pk, by=coordinator, **{**fields, "capacity": 3})
    register(meeting, other)
    fields = {name: getattr(Meeting.objects.get(pk=meeting.pk), name)
              for name in services.MEETING_FIELDS}  # fmt: skip
    services.meeting_update(
        meeting_id=meeting.pk, by=coordinator, **{**fields, "places_per_city": 1}
    )


def test_an_offer_lapsing_when_registration_closes_says_so(network, coordinator):
    deadline = timezone.now() + dt.timedelta(hours=2)
    meeting = make_meeting(network, coordinator, capacity=1, registration_deadline=deadline)
    holder, first = member(network), member(network)
    register(meeting, holder)
    register(meeting, first)
    services.registration_cancel(meeting_id=meeting.pk, person=holder)
    services.waiting_offers_expire(now=deadline + dt.timedelta(minutes=1))
    expired = Notification.objects.get(recipient=first, kind=NotificationKind.WAITING_OFFER_EXPIRED)
    assert expired.params["closed"] is True
