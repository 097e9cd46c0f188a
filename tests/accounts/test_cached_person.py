"""The logged-in person is read from the cache between requests (accounts.backends); every
change that decides what they may do counts on the very next request all the same."""

import pickle

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from networks.choices import ParticipationStatus, Role
from tests.factories import PASSWORD, NetworkFactory, ParticipationFactory, ProfileFactory

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


def raw_cached_person(person) -> bytes:
    """The cached person as stored, in whichever cache holds it: the bytes in Redis, or in
    the local-memory cache."""
    found = []
    for alias in settings.CACHES:
        cache = caches[alias]
        if isinstance(cache._cache, dict):  # LocMemCache
            found += [v for k, v in cache._cache.items() if k.endswith(f":user:{person.pk}")]
        else:
            client = cache._cache.get_client()
            keys = client.keys(f"{cache.key_prefix}:*:user:{person.pk}")
            found += [client.get(key) for key in keys]
    assert len(found) == 1
    return found[0]


def test_the_cached_person_holds_no_password_hash():
    person = ProfileFactory().user
    client = logged_in(person)
    raw = raw_cached_person(person)
    assert person.password.encode() not in raw
    assert person.password.split("$")[-1].encode() not in raw  # nor the hash alone
    assert "password" not in pickle.loads(raw).__dict__
    # Each request still verifies its session against the password, without reading it.
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).wsgi_request.user == person
    assert not [q for q in queries if '"accounts_user"."password"' in q["sql"]]


def test_a_password_changed_in_another_session_ends_this_one_on_its_next_request():
    person = ProfileFactory().user
    phone, laptop = logged_in(person), logged_in(person)
    response = laptop.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": "Nowe-Hasło-Ratusz-7", "password2": "Nowe-Hasło-Ratusz-7"},
    )  # fmt: skip
    assert response.status_code == 302
    assert phone.get(reverse("home")).wsgi_request.user.is_anonymous
    assert laptop.get(reverse("home")).wsgi_request.user == person


def test_the_password_form_checks_the_old_password_loaded_on_demand():
    """The cached person has no password hash: checking the old one reads it then."""
    person = ProfileFactory().user
    client = logged_in(person)
    wrong = client.post(
        reverse("account_change_password"),
        {"oldpassword": "not-it", "password1": "Nowe-Hasło-Ratusz-7", "password2": "Nowe-Hasło-Ratusz-7"},
    )  # fmt: skip
    assert wrong.status_code == 200 and wrong.context["form"].errors["oldpassword"]
    right = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": "Nowe-Hasło-Ratusz-7", "password2": "Nowe-Hasło-Ratusz-7"},
    )  # fmt: skip
    assert right.status_code == 302
    assert client.get(reverse("home")).wsgi_request.user == person  # still logged in here
    person.refresh_from_db()
    assert person.check_password("Nowe-Hasło-Ratusz-7")
    fresh = Client()
    fresh.post(reverse("account_login"), {"login": person.email, "password": "Nowe-Hasło-Ratusz-7"})
    assert fresh.session["_auth_user_id"] == str(person.pk)


def test_a_kept_session_hash_counts_only_under_the_secret_key_that_made_it(settings):
    person = ProfileFactory().user
    made_now = person.get_session_auth_hash()
    person.forget_password_hash()
    assert person.get_session_auth_hash() == made_now
    settings.SECRET_KEY = "another-secret-key-after-a-rotation-" + "x" * 20
    assert person.get_session_auth_hash() != made_now  # made anew, from the password read again
    assert "password" in person.__dict__
