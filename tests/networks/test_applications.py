"""Applying, deciding, withdrawing and leaving: the rules, the history and the notices."""

import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.choices import Function, NotificationKind
from accounts.models import Notification
from cities.choices import ProgrammeStatus
from networks import services
from networks.choices import NetworkKind, ParticipationAction, ParticipationStatus, Role
from networks.models import Participation
from tests.conftest import wait_for
from tests.factories import CityFactory, NetworkFactory, ParticipationFactory, ProfileFactory

pytestmark = pytest.mark.django_db
MOTIVATION = "Nasze miasto wdraża e-usługi i chce dzielić się doświadczeniem."


@pytest.fixture
def network():
    return NetworkFactory()


@pytest.fixture
def coordinator(network):
    return ParticipationFactory(network=network, role=Role.COORDINATOR, city=None).person


def staff_member():
    return ProfileFactory().user


@pytest.mark.django_db(transaction=True)
def test_applying_records_the_application_and_tells_the_coordinator(
    network, coordinator, celery_worker
):
    person = staff_member()
    participation = services.participation_apply(
        person=person, network_id=network.pk, motivation=MOTIVATION
    )
    assert (participation.status, participation.role) == (ParticipationStatus.APPLIED, Role.MEMBER)
    assert participation.city == person.profile.city
    assert [e.action for e in participation.events.all()] == [ParticipationAction.APPLIED]
    notice = Notification.objects.get(recipient=coordinator)
    assert notice.kind == NotificationKind.APPLICATION_RECEIVED
    assert notice.url == reverse("networks:applications", args=[network.slug])
    assert wait_for(lambda: len(mail.outbox) == 1)
    assert mail.outbox[0].to == [coordinator.email]
    assert network.name in mail.outbox[0].subject


def test_a_person_cannot_apply_twice(network):
    person = staff_member()
    services.participation_apply(person=person, network_id=network.pk, motivation=MOTIVATION)
    with pytest.raises(ValidationError):
        services.participation_apply(person=person, network_id=network.pk, motivation=MOTIVATION)
    assert Participation.objects.filter(person=person).count() == 1


def test_observer_cities_apply_to_the_observer_group(network):
    person = ProfileFactory(city=CityFactory(programme_status=ProgrammeStatus.OBSERVER)).user
    participation = services.participation_apply(
        person=person, network_id=network.pk, motivation=MOTIVATION
    )
    assert participation.role == Role.OBSERVER


def test_only_verified_leaders_may_apply_to_the_leaders_network():
    leaders = NetworkFactory(kind=NetworkKind.LEADERS)
    for person in (
        staff_member(),
        ProfileFactory(function=Function.DEPUTY_MAYOR).user,  # declared, not verified
    ):
        with pytest.raises(ValidationError):
            services.participation_apply(
                person=person, network_id=leaders.pk, motivation=MOTIVATION
            )
    mayor = ProfileFactory(function=Function.MAYOR, verified=True).user
    assert services.participation_apply(person=mayor, network_id=leaders.pk, motivation=MOTIVATION)


def test_the_coordinator_accepts_and_the_applicant_is_told(network, coordinator):
    person = staff_member()
    participation = services.participation_apply(
        person=person, network_id=network.pk, motivation=MOTIVATION
    )
    services.participation_decide(participation_id=participation.pk, by=coordinator, accept=True)
    participation.refresh_from_db()
    assert participation.status == ParticipationStatus.ACCEPTED
    assert (participation.decided_by, participation.decided_at is not None) == (coordinator, True)
    notice = Notification.objects.get(recipient=person)
    assert notice.kind == NotificationKind.APPLICATION_ACCEPTED
    assert notice.url == reverse("networks:inside", args=[network.slug])


def test_refusing_needs_a_reason_which_the_applicant_reads(network, coordinator):
    person = staff_member()
    participation = services.participation_apply(
        person=person, network_id=network.pk, motivation=MOTIVATION
    )
    with pytest.raises(ValidationError):
        services.participation_decide(
            participation_id=participation.pk, by=coordinator, accept=False
        )
    services.participation_decide(
        participation_id=participation.pk,
        by=coordinator,
        accept=False,
        reason="Brak miejsc w tej turze.",
    )
    participation.refresh_from_db()
    assert participation.status == ParticipationStatus.REFUSED
    assert "Brak miejsc w tej turze." in Notification.objects.get(recipient=person).body
    event = participation.events.last()
    assert (event.action, event.actor, event.reason) == (
        ParticipationAction.REFUSED,
        coordinator,
        "Brak miejsc w tej turze.",
    )


def test_only_this_networks_coordinator_decides(network, coordinator):
    participation = services.participation_apply(
        person=staff_member(), network_id=network.pk, motivation=MOTIVATION
    )
    other_coordinator = ParticipationFactory(role=Role.COORDINATOR, city=None).person
    for outsider in (other_coordinator, participation.person, staff_member()):
        with pytest.raises(PermissionDenied):
            services.participation_decide(
                participation_id=participation.pk, by=outsider, accept=True
            )
    services.participation_decide(participation_id=participation.pk, by=coordinator, accept=True)
    with pytest.raises(ValidationError):  # decided already
        services.participation_decide(
            participation_id=participation.pk, by=coordinator, accept=False, reason="x"
        )


def test_withdrawing_and_leaving_keep_the_history(network, coordinator):
    person = staff_member()
    first = services.participation_apply(
        person=person, network_id=network.pk, motivation=MOTIVATION
    )
    with pytest.raises(PermissionDenied):
        services.participation_end(participation_id=first.pk, by=coordinator)
    services.participation_end(participation_id=first.pk, by=person)
    second = services.participation_apply(
        person=person, network_id=network.pk, motivation=MOTIVATION
    )
    services.participation_decide(participation_id=second.pk, by=coordinator, accept=True)
    services.participation_end(participation_id=second.pk, by=person)

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == second.status == ParticipationStatus.LEFT
    assert [e.action for e in first.events.all()] == ["applied", "withdrawn"]
    assert [(e.action, e.actor) for e in second.events.all()] == [
        ("applied", person),
        ("accepted", coordinator),
        ("left", person),
    ]


def test_the_coordinator_sees_pending_applications_and_history_on_one_page(
    uncached_fragments, client, network, coordinator, django_assert_max_num_queries
):
    applications = [
        services.participation_apply(
            person=staff_member(), network_id=network.pk, motivation=MOTIVATION
        )
        for _ in range(3)
    ]
    client.force_login(coordinator)
    url = reverse("networks:applications", args=[network.slug])
    with django_assert_max_num_queries(12) as few:
        page = client.get(url).content.decode()
    for application in applications:
        assert reverse("networks:decide", args=[application.pk]) in page
        assert str(application.person) in page
    for _ in range(15):
        services.participation_apply(
            person=staff_member(), network_id=network.pk, motivation=MOTIVATION
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_the_decision_form_keeps_what_was_typed_when_the_reason_is_missing(
    client, network, coordinator
):
    participation = services.participation_apply(
        person=staff_member(), network_id=network.pk, motivation=MOTIVATION
    )
    client.force_login(coordinator)
    response = client.post(
        reverse("networks:decide", args=[participation.pk]), {"decision": "refuse", "reason": ""}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert re.search(r'value="refuse"[^>]*checked', page)
    assert 'id="id_reason_error"' in page
    # Required when refusing, as its help says: never labelled "(optional)".
    assert "opcjonalnie" not in re.search(r'<label for="id_reason">(.*?)</label>', page, re.S)[1]
    participation.refresh_from_db()
    assert participation.status == ParticipationStatus.APPLIED


def test_a_coordinator_or_expert_cannot_leave_by_the_members_button(client):
    """ZMP names them: the leave button is not offered, the page says whom to ask, and the
    service refuses; a member leaves as before."""
    network = NetworkFactory()
    for role in (Role.COORDINATOR, Role.EXPERT):
        participation = ParticipationFactory(network=network, role=role, city=None)
        client.force_login(participation.person)
        url = reverse("networks:participation_end", args=[participation.pk])
        assert url not in client.get(reverse("networks:my_participations")).content.decode()
        page = client.get(url).content.decode()
        assert "administratorów ZMP" in page and "Tak, opuść sieć" not in page
        client.post(url)
        participation.refresh_from_db()
        assert participation.status == ParticipationStatus.ACCEPTED
        with pytest.raises(ValidationError):
            services.participation_end(participation_id=participation.pk, by=participation.person)
    member = ParticipationFactory(network=network)
    client.force_login(member.person)
    url = reverse("networks:participation_end", args=[member.pk])
    assert url in client.get(reverse("networks:my_participations")).content.decode()
    client.post(url)
    member.refresh_from_db()
    assert member.status == ParticipationStatus.LEFT
