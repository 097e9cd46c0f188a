"""A city's seat handed to a successor, and a person who changes city (networks.successions).

The hand-over moves exactly the networks chosen and the places at their coming meetings; the
predecessor keeps their history and loses access on their very next request (no cache to
invalidate); in the leaders' network the successor waits for their own verification; two
hand-overs of one seat at once: one wins, the other is told. Hostile input gets a form's
answer, never a 500."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import services as account_services
from accounts.choices import Function, FunctionStatus, NotificationKind
from accounts.models import Notification, OutgoingEmail, Profile, User
from audit.models import AuditEntry
from meetings.models import Meeting, Registration, WaitingListEntry
from networks import successions
from networks.choices import NetworkKind, ParticipationAction, ParticipationStatus, Role
from networks.models import Participation, ParticipationEvent
from tests.concurrency import run_at_once
from tests.factories import CityFactory, NetworkFactory, ParticipationFactory, ProfileFactory
from tests.meetings.test_scheduling import make_meeting

pytestmark = pytest.mark.django_db


def person(city=None, function=Function.STAFF, **extra):
    return ProfileFactory(function=function, **({"city": city} if city else {}), **extra).user


def seat(network, holder, role=Role.MEMBER, **extra):
    return ParticipationFactory(
        person=holder, network=network, city=holder.profile.city, role=role, **extra
    )


def coordinator_of(*networks):
    coordinator = person(function=Function.OTHER, city=None)
    Profile.objects.filter(user=coordinator).update(city=None)
    coordinator.refresh_from_db()
    for network in networks:
        ParticipationFactory(person=coordinator, network=network, role=Role.COORDINATOR, city=None)
    return coordinator


def client_of(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def city():
    return CityFactory(name="Starachowice", slug="starachowice-test")


@pytest.fixture
def world(city):
    """A mayor of Starachowice in two thematic networks and the leaders' one, with a coming
    and a past meeting in each thematic network; a coordinator of all three; the new mayor."""
    first, second = NetworkFactory(), NetworkFactory()
    leaders = NetworkFactory(kind=NetworkKind.LEADERS)
    mayor = person(city, Function.MAYOR, verified=True)
    seats = {network: seat(network, mayor) for network in (first, second, leaders)}
    coordinator = coordinator_of(first, second, leaders)
    successor = person(city, Function.STAFF)
    return {
        "first": first, "second": second, "leaders": leaders, "mayor": mayor, "seats": seats,
        "coordinator": coordinator, "successor": successor, "city": city,
    }  # fmt: skip


def hand_over(world, *networks, **successor):
    successor = successor or {"successor_id": world["successor"].pk}
    return successions.seat_hand_over(
        by=world["coordinator"],
        predecessor_id=world["mayor"].pk,
        participation_ids=[world["seats"][world[n]].pk for n in networks],
        **successor,
    )


def test_the_chosen_networks_pass_and_the_others_stay(world):
    done = hand_over(world, "first")
    mayor, successor = world["mayor"], world["successor"]
    first, second = world["first"], world["second"]
    old = Participation.objects.get(pk=world["seats"][first].pk)
    assert (old.status, old.left_at is not None) == (ParticipationStatus.LEFT, True)
    new = Participation.objects.get(person=successor, network=first)
    assert (new.status, new.role, new.city_id, new.decided_by_id) == (
        ParticipationStatus.ACCEPTED, Role.MEMBER, world["city"].pk, world["coordinator"].pk
    )  # fmt: skip
    assert done.participations == [new]
    # The network not chosen stays the mayor's, untouched.
    assert Participation.objects.get(person=mayor, network=second).status == "accepted"
    assert not Participation.objects.filter(person=successor, network=second).exists()
    # Each participation's history says so, with who did it.
    assert list(old.events.values_list("action", "actor_id", "reason")) == [
        (ParticipationAction.HANDED_OVER, world["coordinator"].pk, f"→ {successor.public_name}")
    ]
    assert list(new.events.values_list("action", "reason")) == [
        (ParticipationAction.TOOK_OVER, f"← {mayor.public_name}")
    ]
    # The audit log has both participations, and the hand-over named.
    logged = AuditEntry.objects.filter(object_type="networks.participation")
    assert logged.filter(object_id=str(old.pk), changes__status=["accepted", "left"]).exists()
    assert logged.filter(object_id=str(new.pk), changes__taken_over_from=[None, old.pk]).exists()
    # Both people are told, and no coordinator is told of their own act.
    told = Notification.objects.filter(kind=NotificationKind.SEAT_HANDED_OVER)
    assert {n.params["variant"] for n in told} == {"predecessor", "successor"}
    assert successor.public_name in told.get(recipient=mayor).title


def test_the_predecessors_list_and_data_export_say_the_seat_was_handed_over(world):
    """Not "left the network", as if they had withdrawn: both read how it ended."""
    hand_over(world, "first")
    handed = "zakończone (miejsce przekazane następcy)"
    client = client_of(world["mayor"])
    assert handed in client.get(reverse("networks:my_participations")).content.decode()
    export = client.get(reverse("accounts:personal_data"), {"format": "json"}).json()
    statuses = {row["network"]: row["status"] for row in export["participations"]}
    assert statuses[world["first"].name] == handed
    assert statuses[world["second"].name] == "przyjęte"


def test_an_application_withdrawn_with_the_hand_over_reads_as_the_coordinators_act(world):
    """Not "application withdrawn", as if the predecessor had withdrawn it themselves."""
    third = NetworkFactory()
    ParticipationFactory(
        person=world["coordinator"], network=third, role=Role.COORDINATOR, city=None
    )
    seat(third, world["mayor"], status=ParticipationStatus.APPLIED)
    hand_over(world, "first")
    page = client_of(world["mayor"]).get(reverse("networks:my_participations")).content.decode()
    assert "zakończone (zgłoszenie wycofane przez koordynatora)" in page


def test_an_applicant_to_the_leaders_network_whose_function_was_refused_is_told(world, city):
    applicant = person(city, Function.DEPUTY_MAYOR)
    seat(world["leaders"], applicant, status=ParticipationStatus.APPLIED)
    Profile.objects.filter(user=applicant).update(
        function_status=FunctionStatus.REJECTED, function_verified_at=timezone.now()
    )
    page = client_of(applicant).get(reverse("networks:my_participations")).content.decode()
    assert "Twojej funkcji nie potwierdzono" in page


def test_a_verified_successor_takes_over_the_leaders_places_at_once(world):
    leaders, mayor = world["leaders"], world["mayor"]
    place = Registration.objects.create(
        meeting=make_meeting(leaders, world["coordinator"]), person=mayor, mode="online"
    )
    deputy = person(world["city"], Function.DEPUTY_MAYOR, verified=True)
    done = hand_over(world, "leaders", successor_id=deputy.pk)
    assert (done.places, done.awaits_verification) == (1, False)
    assert Registration.objects.get(pk=place.pk).person == deputy
    assert Profile.objects.get(user=deputy).function == Function.DEPUTY_MAYOR  # theirs, verified


def test_other_coordinators_of_the_network_are_told(world):
    other = coordinator_of(world["first"])
    hand_over(world, "first")
    note = Notification.objects.get(recipient=other, kind=NotificationKind.SEAT_HANDED_OVER)
    assert note.params["variant"] == "coordinator" and note.network_id == world["first"].pk
    assert world["mayor"].get_full_name() in note.title


def test_only_places_at_coming_meetings_pass(world):
    first, second = world["first"], world["second"]
    mayor, successor, coordinator = world["mayor"], world["successor"], world["coordinator"]
    coming = make_meeting(first, coordinator, places_per_city=1, capacity=5)
    elsewhere = make_meeting(second, coordinator)
    held = make_meeting(first, coordinator)
    Meeting.objects.filter(pk=held.pk).update(
        starts_at=timezone.now() - dt.timedelta(days=3),
        ends_at=timezone.now() - dt.timedelta(days=3) + dt.timedelta(hours=4),
    )
    for meeting in (coming, elsewhere):
        Registration.objects.create(meeting=meeting, person=mayor, mode="in_person")
    attended = Registration.objects.create(
        meeting=held, person=mayor, mode="in_person", attended=True
    )
    done = hand_over(world, "first")
    assert done.places == 1
    assert Registration.objects.get(meeting=coming).person == successor  # the city's one place
    assert Registration.objects.get(meeting=elsewhere).person == mayor  # not chosen: stays
    assert Registration.objects.get(pk=attended.pk).person == mayor  # the record of who came
    assert AuditEntry.objects.filter(
        object_type="meetings.registration", changes__person=[mayor.pk, successor.pk]
    ).exists()


def test_a_successor_already_registered_keeps_their_place_and_the_other_is_given_back(world):
    first, coordinator = world["first"], world["coordinator"]
    meeting = make_meeting(first, coordinator, capacity=2)
    waiting = person()
    seat(first, waiting)
    Registration.objects.create(meeting=meeting, person=world["mayor"], mode="in_person")
    Registration.objects.create(meeting=meeting, person=world["successor"], mode="online")
    WaitingListEntry.objects.create(
        meeting=meeting, person=waiting, mode="in_person", reason="full", position=1
    )
    assert hand_over(world, "first").places == 0
    assert list(meeting.registrations.values_list("person", flat=True)) == [world["successor"].pk]
    # The place given back goes to the first in line.
    assert WaitingListEntry.objects.get(person=waiting).is_offered


def test_the_predecessor_loses_the_leaders_inside_on_their_next_request(world):
    leaders, mayor, successor = world["leaders"], world["mayor"], world["successor"]
    inside = reverse("networks:inside", args=[leaders.slug])
    place = Registration.objects.create(
        meeting=make_meeting(leaders, world["coordinator"]), person=mayor, mode="online"
    )
    mayors_browser, successors_browser = client_of(mayor), client_of(successor)
    assert mayors_browser.get(inside).status_code == 200  # their access cached now
    coordinators_browser = client_of(world["coordinator"])
    url = reverse("networks:successor", args=[mayor.pk])
    sent = {"seats": [world["seats"][leaders].pk], "email": successor.email.upper()}
    confirm = coordinators_browser.post(url, sent)
    assert confirm.status_code == 200
    assert "successor_confirm" in confirm.templates[0].name
    assert Participation.objects.get(pk=world["seats"][leaders].pk).status == "accepted"
    response = coordinators_browser.post(url, {**sent, "step": "confirm"})
    assert response.status_code == 302
    # Nothing invalidated by hand: the next request is 404.
    assert mayors_browser.get(inside).status_code == 404
    # The successor's function is declared as the seat's and awaits verification.
    profile = Profile.objects.get(user=successor)
    assert (profile.function, profile.function_status) == (Function.MAYOR, FunctionStatus.DECLARED)
    assert successors_browser.get(inside).status_code == 404
    # Nobody holds a place at a meeting they may not see: the mayor's is given back.
    assert not Registration.objects.filter(pk=place.pk).exists()
    queue = coordinators_browser.get(reverse("accounts:function_verifications"))
    assert successor.get_full_name() in queue.content.decode()
    account_services.function_decide(
        profile_id=profile.pk, by=world["coordinator"], verified=True,
        seen_function=profile.function, seen_city_id=profile.city_id,
    )  # fmt: skip
    assert successors_browser.get(inside).status_code == 200


def test_a_new_person_gets_an_account_and_a_link_to_set_it_up(world, city):
    done = hand_over(
        world, "first",
        new_person=successions.NewPerson("Nowy.Burmistrz@Example.org", "Jan", "Nowy"),
    )  # fmt: skip
    successor = User.objects.get(email="nowy.burmistrz@example.org")
    assert done.successor == successor and done.account_opened
    assert (successor.profile.city, successor.profile.function) == (city, Function.MAYOR)
    assert not successor.has_usable_password()
    email = OutgoingEmail.objects.get(to=[successor.email])
    link = re.search(r"https?://\S+/konto/password/reset/key/\S+/", email.body).group(0)
    path = link.split("8000", 1)[-1] if "8000" in link else re.sub(r"^https?://[^/]+", "", link)
    browser = Client()
    form_page = browser.get(path, follow=True)
    assert form_page.status_code == 200
    form_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else path
    password = "nowe-haslo-burmistrza-2026"
    assert browser.post(form_url, {"password1": password, "password2": password}).status_code == 302
    assert Client().login(email=successor.email, password=password)


def test_an_email_of_another_city_is_refused_and_nothing_moves(world):
    stranger = person(CityFactory(name="Kielce"))
    browser = client_of(world["coordinator"])
    url = reverse("networks:successor", args=[world["mayor"].pk])
    response = browser.post(
        url, {"seats": [world["seats"][world["first"]].pk], "email": stranger.email,
              "step": "confirm"},
    )  # fmt: skip
    assert response.status_code == 200
    # Refused without telling whose address it is or where they work.
    refusal = str(response.context["form"].errors["email"])
    assert "Starachowice" in refusal
    assert "Kielce" not in refusal and stranger.last_name not in refusal
    assert "Kielce" not in response.content.decode()
    assert Participation.objects.get(pk=world["seats"][world["first"]].pk).status == "accepted"
    with pytest.raises(ValidationError, match="Starachowice") as refused:
        hand_over(world, "first", successor_id=stranger.pk)
    assert "Kielce" not in str(refused.value) and stranger.last_name not in str(refused.value)


def test_an_email_of_someone_of_no_city_is_refused_without_their_name(world):
    staff = person(function=Function.OTHER)
    Profile.objects.filter(user=staff).update(city=None)
    staff.first_name, staff.last_name = "Ewa", "Zarządcza"
    staff.save()
    browser = client_of(world["coordinator"])
    url = reverse("networks:successor", args=[world["mayor"].pk])
    response = browser.post(
        url, {"seats": [world["seats"][world["first"]].pk], "email": staff.email}
    )
    page = response.content.decode()
    assert "Starachowice" in str(response.context["form"].errors["email"])
    assert "Zarządcza" not in page and "żadnego miasta" not in page


def test_names_are_asked_for_a_new_person_once_and_not_marked_optional(world):
    from django.utils.html import escape

    from networks.forms import SuccessorForm

    browser = client_of(world["coordinator"])
    url = reverse("networks:successor", args=[world["mayor"].pk])
    page = browser.get(url).content.decode()
    assert "opcjonalnie" not in page
    assert str(SuccessorForm.base_fields["first_name"].help_text) in page
    response = browser.post(
        url, {"seats": [world["seats"][world["first"]].pk], "email": "nowy@example.org"}
    )
    errors = response.context["form"].errors
    assert list(errors) == ["first_name"]
    assert len(errors["first_name"]) == 1
    # The field's error and the page's summary of errors, nothing more.
    said = escape(str(errors["first_name"][0]))
    assert 1 <= response.content.decode().count(said) <= 2


def test_the_predecessor_cannot_be_their_own_successor(world):
    browser = client_of(world["coordinator"])
    url = reverse("networks:successor", args=[world["mayor"].pk])
    response = browser.post(
        url, {"seats": [world["seats"][world["first"]].pk], "email": world["mayor"].email}
    )
    assert "email" in response.context["form"].errors
    with pytest.raises(ValidationError):
        hand_over(world, "first", successor_id=world["mayor"].pk)


def test_an_ended_or_someone_elses_participation_is_a_form_error_not_a_500(world):
    ended = seat(NetworkFactory(), world["mayor"], status=ParticipationStatus.LEFT,
                 left_at=timezone.now())  # fmt: skip
    other = seat(world["first"], person(world["city"]))
    browser = client_of(world["coordinator"])
    url = reverse("networks:successor", args=[world["mayor"].pk])
    for bad in (ended.pk, other.pk, "abc", 10**12):
        response = browser.post(
            url, {"seats": [bad], "email": world["successor"].email, "step": "confirm"}
        )
        assert response.status_code == 200 and "seats" in response.context["form"].errors
    with pytest.raises(ValidationError):
        successions.seat_hand_over(
            by=world["coordinator"], predecessor_id=world["mayor"].pk,
            participation_ids=[ended.pk], successor_id=world["successor"].pk,
        )  # fmt: skip


def test_a_coordinator_hands_over_only_the_networks_they_coordinate(world):
    theirs = NetworkFactory()
    coordinator = coordinator_of(theirs)
    seat(theirs, world["mayor"])
    page = client_of(coordinator).get(reverse("networks:successor", args=[world["mayor"].pk]))
    assert [s.network for s in page.context["form"].fields["seats"].queryset] == [theirs]
    with pytest.raises(Exception) as refused:
        successions.seat_hand_over(
            by=coordinator, predecessor_id=world["mayor"].pk,
            participation_ids=[world["seats"][world["first"]].pk],
            successor_id=world["successor"].pk,
        )  # fmt: skip
    assert refused.type.__name__ == "PermissionDenied"
    # Someone who coordinates none of the person's networks does not find the page.
    stranger = coordinator_of(NetworkFactory())
    url = reverse("networks:successor", args=[world["mayor"].pk])
    assert client_of(stranger).get(url).status_code == 404
    assert client_of(world["successor"]).get(url).status_code == 404
    assert client_of(stranger).get(reverse("networks:successor", args=[10**9])).status_code == 404


def test_the_confirmation_page_costs_the_same_however_many_seats_and_places(world, city):
    coordinator, mayor = world["coordinator"], world["mayor"]
    url = reverse("networks:successor", args=[mayor.pk])
    browser = client_of(coordinator)

    def queries(networks):
        ids = [world["seats"][world[n]].pk for n in networks]
        with CaptureQueriesContext(connection) as captured:
            response = browser.post(url, {"seats": ids, "email": world["successor"].email})
        assert response.status_code == 200 and "successor_confirm" in response.templates[0].name
        return len(captured)

    make_meeting(world["first"], coordinator)
    Registration.objects.create(
        meeting=Meeting.objects.get(network=world["first"]), person=mayor, mode="online"
    )
    one = queries(["first"])
    for network in (world["first"], world["second"]):
        for _ in range(3):
            meeting = make_meeting(network, coordinator)
            Registration.objects.create(meeting=meeting, person=mayor, mode="online")
    assert queries(["first", "second", "leaders"]) <= one


@pytest.mark.django_db(transaction=True)
def test_two_hand_overs_of_one_seat_at_once_one_wins_the_other_is_told(city):
    network = NetworkFactory()
    mayor = person(city, Function.MAYOR)
    held = seat(network, mayor)
    coordinator = coordinator_of(network)
    candidates = [person(city), person(city)]
    outcomes = run_at_once(*[
        lambda who=who: successions.seat_hand_over(
            by=coordinator, predecessor_id=mayor.pk, participation_ids=[held.pk],
            successor_id=who.pk,
        )
        for who in candidates
    ])  # fmt: skip
    won = [o for o in outcomes if isinstance(o, successions.HandOver)]
    lost = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(won) == 1 and len(lost) == 1, outcomes
    assert "already been handed over" in str(lost[0]) or "przekazane" in str(lost[0])
    assert Participation.objects.filter(network=network, status="accepted", role="member").get(
    ).person == won[0].successor  # fmt: skip
    assert ParticipationEvent.objects.filter(action=ParticipationAction.TOOK_OVER).count() == 1


# A person who changes city


def test_changing_city_ends_the_citys_roles_and_says_so_before_and_after(city):
    network, leaders = NetworkFactory(), NetworkFactory(kind=NetworkKind.LEADERS)
    clerk = person(city)
    membership = seat(network, clerk)
    application = seat(leaders, clerk, status=ParticipationStatus.APPLIED, decided_at=None)
    expert_role = ParticipationFactory(person=clerk, network=NetworkFactory(), role=Role.EXPERT)
    meeting = make_meeting(network, coordinator_of(network))
    Registration.objects.create(meeting=meeting, person=clerk, mode="online")
    browser = client_of(clerk)
    page = browser.get(reverse("accounts:profile")).content.decode()
    warning = page[page.index('id="roles-ending"') :]
    assert network.name in warning and leaders.name in warning
    elsewhere = CityFactory(name="Bochnia")
    response = browser.post(
        reverse("accounts:profile"),
        {"city": elsewhere.pk, "function": Function.STAFF, "email_mode": "immediate",
         "language": "pl"},
        follow=True,
    )  # fmt: skip
    said = " ".join(str(m) for m in response.context["messages"])
    assert network.name in said and leaders.name in said
    for ended in (membership, application):
        ended.refresh_from_db()
        assert ended.status == ParticipationStatus.LEFT
        assert ended.events.get().action == ParticipationAction.CHANGED_CITY
    expert_role.refresh_from_db()
    assert expert_role.status == ParticipationStatus.ACCEPTED  # ZMP's role: not the city's
    assert not Registration.objects.filter(person=clerk).exists()  # the place given back
    note = Notification.objects.get(recipient=clerk, kind=NotificationKind.ROLES_ENDED_CITY)
    assert city.name in note.body
    # They may apply again, for their new city.
    clerk.refresh_from_db()
    assert client_of(clerk).get(reverse("networks:apply", args=[network.slug])).status_code == 200


def test_an_administrator_finds_the_hand_over_from_the_persons_admin_page(world):
    administrator = person(function=Function.OTHER, user__is_superuser=True, user__is_staff=True)
    browser = client_of(administrator)
    url = reverse("networks:successor", args=[world["mayor"].pk])
    page = browser.get(reverse("admin:accounts_user_change", args=[world["mayor"].pk]))
    assert page.status_code == 200 and url in page.content.decode()
    # All the person's seats, whoever coordinates them.
    offered = browser.get(url).context["form"].fields["seats"].queryset
    assert {seat.network for seat in offered} == {world["first"], world["second"], world["leaders"]}
    # A person without a seat of a city: no link.
    page = browser.get(reverse("admin:accounts_user_change", args=[world["coordinator"].pk]))
    assert (
        reverse("networks:successor", args=[world["coordinator"].pk]) not in page.content.decode()
    )
