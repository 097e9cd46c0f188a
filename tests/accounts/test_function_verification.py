"""Coordinators and administrators verify declared functions, and the person is told."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts import services
from accounts.choices import Function, FunctionStatus, NotificationKind
from accounts.models import Notification
from networks.choices import NetworkKind, ParticipationStatus, Role
from tests.factories import NetworkFactory, ParticipationFactory, ProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


def leaders_coordinator():
    """A coordinator of the leaders' network: they vouch for leaders."""
    network = NetworkFactory(kind=NetworkKind.LEADERS)
    return ParticipationFactory(network=network, role=Role.COORDINATOR, city=None).person


@pytest.fixture
def coordinator():
    return leaders_coordinator()


@pytest.fixture
def thematic_coordinator():
    """A coordinator of a thematic network only (such as ZASOBY MIAST)."""
    return ParticipationFactory(role=Role.COORDINATOR, city=None).person


def test_the_list_shows_declared_leader_functions_waiting_first(client, coordinator):
    verified = ProfileFactory(function=Function.MAYOR, verified=True)
    waiting = ProfileFactory(function=Function.DEPUTY_PRESIDENT)
    ProfileFactory(function=Function.STAFF)  # staff need no verification
    client.force_login(coordinator)
    page = client.get(reverse("accounts:function_verifications")).content.decode()
    assert page.index(str(waiting.user)) < page.index(str(verified.user))
    assert page.count(reverse("accounts:function_decide", args=[waiting.pk])) == 1
    assert len(re.findall(r"/konto/funkcje/\d+/", page)) == 2


def test_verifying_records_who_and_when_and_tells_the_person(client, coordinator):
    profile = ProfileFactory(function=Function.DEPUTY_MAYOR)
    client.force_login(coordinator)
    response = client.post(
        reverse("accounts:function_decide", args=[profile.pk]),
        {"decision": "verify", "seen_function": profile.function, "seen_city": profile.city_id},
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.function_status == FunctionStatus.VERIFIED
    assert profile.function_verified_by == coordinator and profile.function_verified_at
    notice = Notification.objects.get(recipient=profile.user)
    assert notice.kind == NotificationKind.FUNCTION_VERIFIED


def test_rejecting_needs_a_reason(client, coordinator):
    profile = ProfileFactory(function=Function.MAYOR)
    client.force_login(coordinator)
    response = client.post(
        reverse("accounts:function_decide", args=[profile.pk]),
        {"decision": "reject", "seen_function": profile.function, "seen_city": profile.city_id},
    )
    assert response.status_code == 200  # the form again, with the reason asked for
    profile.refresh_from_db()
    assert profile.function_status == FunctionStatus.DECLARED
    with pytest.raises(ValidationError):
        services.function_decide(
            profile_id=profile.pk,
            by=coordinator,
            verified=False,
            reason=" ",
            seen_function=profile.function,
            seen_city_id=profile.city_id,
        )


def test_only_coordinators_and_administrators_verify():
    profile = ProfileFactory(function=Function.MAYOR)
    for outsider in (
        ProfileFactory().user,
        ProfileFactory(function=Function.MAYOR, verified=True).user,
    ):
        with pytest.raises(PermissionDenied):
            services.function_decide(
                profile_id=profile.pk,
                by=outsider,
                verified=True,
                seen_function=profile.function,
                seen_city_id=profile.city_id,
            )


def test_nobody_verifies_their_own_function(coordinator):
    coordinator_profile = ProfileFactory(user=coordinator, function=Function.MAYOR)
    with pytest.raises(PermissionDenied):
        services.function_decide(
            profile_id=coordinator_profile.pk,
            by=coordinator,
            verified=True,
            seen_function=coordinator_profile.function,
            seen_city_id=coordinator_profile.city_id,
        )


def test_ones_own_function_is_offered_to_nobody_else_than_the_other_verifiers(client, coordinator):
    from accounts.selectors import functions_awaiting_verification
    from desk.selectors import coordinator_queues

    own = ProfileFactory(user=coordinator, function=Function.MAYOR)
    other = ProfileFactory(function=Function.DEPUTY_PRESIDENT)
    client.force_login(coordinator)
    page = client.get(reverse("accounts:function_verifications")).content.decode()
    assert reverse("accounts:function_decide", args=[own.pk]) not in page
    assert "Twoja: decyduje ktoś inny" in page
    assert reverse("accounts:function_decide", args=[other.pk]) in page
    assert client.get(reverse("accounts:function_decide", args=[own.pk])).status_code == 404
    assert list(functions_awaiting_verification(coordinator)) == [other]
    functions = next(q for q in coordinator_queues(coordinator) if q.key == "functions")
    assert functions.total == 1
    assert list(functions_awaiting_verification(UserFactory(is_superuser=True))) == [own, other]


def test_staff_functions_are_not_verified(coordinator):
    with pytest.raises(ValidationError):
        profile = ProfileFactory()
        services.function_decide(
            profile_id=profile.pk,
            by=coordinator,
            verified=True,
            seen_function=profile.function,
            seen_city_id=profile.city_id,
        )


def test_a_decision_made_on_a_stale_page_never_overwrites_a_later_one(client, coordinator):
    """Two verifiers open the same page; the first confirms; the second's refusal, sent from
    what they saw before, is refused with the reason, and what they typed stays."""
    profile = ProfileFactory(function=Function.MAYOR)
    other = leaders_coordinator()
    url = reverse("accounts:function_decide", args=[profile.pk])
    client.force_login(other)
    page = client.get(url).content.decode()
    seen = dict(re.findall(r'name="(seen_\w+)" value="([^"]*)"', page))
    assert seen["seen_status"] == FunctionStatus.DECLARED
    services.function_decide(
        profile_id=profile.pk, by=coordinator, verified=True,
        seen_function=profile.function, seen_city_id=profile.city_id,
    )  # fmt: skip
    response = client.post(url, {"decision": "reject", "reason": "Nie jest burmistrzem.", **seen})
    assert response.status_code == 200
    assert "Ktoś podjął decyzję" in response.content.decode()
    assert "Nie jest burmistrzem." in response.content.decode()
    profile.refresh_from_db()
    assert profile.function_status == FunctionStatus.VERIFIED


def test_a_sign_up_waits_for_its_confirmed_address_before_its_function_is_verified(
    client, coordinator
):
    from allauth.account.models import EmailAddress

    from accounts.selectors import functions_awaiting_verification

    waiting = ProfileFactory(function=Function.DEPUTY_PRESIDENT)
    address = EmailAddress.objects.get(user=waiting.user, primary=True)
    address.verified = False  # signed up, the confirmation link not yet followed
    address.save()
    client.force_login(coordinator)
    decide = reverse("accounts:function_decide", args=[waiting.pk])
    assert decide not in client.get(reverse("accounts:function_verifications")).content.decode()
    assert client.get(decide).status_code == 404
    assert waiting not in functions_awaiting_verification()
    address.verified = True
    address.save()
    assert decide in client.get(reverse("accounts:function_verifications")).content.decode()
    assert list(functions_awaiting_verification()) == [waiting]


def test_another_networks_coordinator_decides_declared_functions_only(client, thematic_coordinator):
    """Who is a verified leader, and withdrawing it (which locks them out of the leaders'
    network), is for those who run that network: a thematic coordinator sees neither."""
    verified = ProfileFactory(function=Function.MAYOR, verified=True)
    waiting = ProfileFactory(function=Function.DEPUTY_PRESIDENT)
    client.force_login(thematic_coordinator)
    page = client.get(reverse("accounts:function_verifications")).content.decode()
    assert reverse("accounts:function_decide", args=[waiting.pk]) in page
    assert str(verified.user) not in page
    decide = reverse("accounts:function_decide", args=[verified.pk])
    assert client.get(decide).status_code == 404
    seen = {"seen_function": verified.function, "seen_city": verified.city_id}
    response = client.post(decide, {"decision": "reject", "reason": "Nie jest.", **seen})
    assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        services.function_decide(
            profile_id=verified.pk, by=thematic_coordinator, verified=False, reason="Nie jest.",
            seen_function=verified.function, seen_city_id=verified.city_id,
        )  # fmt: skip
    verified.refresh_from_db()
    assert verified.function_status == FunctionStatus.VERIFIED
    # Those who run the leaders' network see the verified leader and may withdraw.
    client.force_login(leaders_coordinator())
    assert client.get(decide).status_code == 200
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert client.get(decide).status_code == 200


def test_an_address_is_shown_only_to_those_whose_networks_the_person_is_in(
    client, thematic_coordinator
):
    from desk.selectors import coordinator_queues

    stranger = ProfileFactory(function=Function.MAYOR)
    stranger.user.first_name = stranger.user.last_name = ""
    stranger.user.save()
    applicant = ProfileFactory(function=Function.DEPUTY_MAYOR)
    from networks.models import Participation

    network = Participation.objects.get(person=thematic_coordinator).network
    ParticipationFactory(person=applicant.user, network=network, status=ParticipationStatus.APPLIED)
    client.force_login(thematic_coordinator)
    page = client.get(reverse("accounts:function_decide", args=[stranger.pk])).content.decode()
    assert stranger.user.email not in page
    page = client.get(reverse("accounts:function_decide", args=[applicant.pk])).content.decode()
    assert applicant.user.email in page
    functions = next(q for q in coordinator_queues(thematic_coordinator) if q.key == "functions")
    assert stranger.user.email not in str(functions.tasks)
    client.force_login(leaders_coordinator())
    page = client.get(reverse("accounts:function_decide", args=[stranger.pk])).content.decode()
    assert stranger.user.email in page
