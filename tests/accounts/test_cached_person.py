"""The logged-in person is read from the cache between requests (accounts.backends); every
change that decides what they may do counts on the very next request all the same."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from networks.choices import ParticipationStatus, Role
from tests.factories import NetworkFactory, ParticipationFactory, ProfileFactory

pytestmark = pytest.mark.django_db


def logged_in(person):
    client = Client()
    client.force_login(person)
    assert client.get(reverse("home")).wsgi_request.user == person
    assert client.get(reverse("home")).wsgi_request.user == person  # now from the cache
    return client


def test_a_deactivated_account_is_logged_out_at_once():
    person = ProfileFactory().user
    client = logged_in(person)
    person.is_active = False
    person.save()
    assert client.get(reverse("home")).wsgi_request.user.is_anonymous


def test_a_new_password_ends_the_session_at_once():
    person = ProfileFactory().user
    client = logged_in(person)
    person.set_password("Zupełnie-Nowe-Hasło-9")
    person.save()
    assert client.get(reverse("home")).wsgi_request.user.is_anonymous


def test_a_new_role_and_its_withdrawal_count_on_the_next_request():
    network = NetworkFactory()
    person = ProfileFactory().user
    client = logged_in(person)
    inside = reverse("networks:inside", args=[network.slug])
    assert client.get(inside).status_code == 404
    membership = ParticipationFactory(network=network, person=person, role=Role.MEMBER)
    assert client.get(inside).status_code == 200
    membership.status, membership.left_at = ParticipationStatus.LEFT, timezone.now()
    membership.save()
    assert client.get(inside).status_code == 404


def test_one_persons_cached_copy_is_never_another_persons():
    anna, jan = ProfileFactory().user, ProfileFactory().user
    assert logged_in(anna).get(reverse("home")).wsgi_request.user == anna
    assert logged_in(jan).get(reverse("home")).wsgi_request.user == jan
