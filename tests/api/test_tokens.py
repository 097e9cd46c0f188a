"""Personal API tokens: made on the profile page after the password (and the second factor,
for a person who has one), shown once, stored as a hash, audited, and refused from the next
request once revoked."""

import threading

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts.personal_data import account_erase
from api.models import ApiToken, token_hash
from api.services import api_token_revoke
from audit.models import AuditEntry
from tests.api.conftest import bearer, token_client
from tests.factories import PASSWORD, ProfileFactory

ME = "/api/v1/me/"


def logged_in(person):
    client = Client()
    client.force_login(person)
    return client


def create(client, **fields):
    """The form sent as a browser sends it: with the one-time number of a page just opened."""
    nonce = client.get(reverse("api_tokens:create")).context["nonce"]
    return client.post(
        reverse("api_tokens:create"), {"name": "Pulpit miasta", "nonce": nonce, **fields}
    )


def test_a_token_is_made_after_the_password_shown_once_and_stored_as_a_hash(db):
    person = ProfileFactory().user
    client = logged_in(person)
    refused = create(client, password="nie-to-haslo")
    assert refused.status_code == 200 and not ApiToken.objects.exists()
    assert refused.context["form"].errors["password"]

    response = create(client, password=PASSWORD)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    secret = response.context["created"].secret
    assert secret in response.content.decode()
    token = ApiToken.objects.get()
    assert token.name == "Pulpit miasta" and token.person == person
    assert secret.startswith(f"emp_{token.prefix}_") and len(secret) >= 4 + 8 + 1 + 43
    assert token.key_hash == token_hash(secret)
    stored = " ".join(str(value) for value in ApiToken.objects.values().get().values())
    assert secret not in stored and secret.split("_", 2)[2] not in stored

    profile = client.get(reverse("accounts:profile")).content.decode()
    assert token.shown_prefix in profile and secret not in profile
    assert Client(**bearer(secret)).get(ME).json()["authenticated_by"] == "token"


def test_a_person_with_a_second_factor_gives_its_code_too(db):
    person = ProfileFactory().user
    secret = generate_totp_secret()
    TOTP.activate(person, secret)
    client = logged_in(person)
    without = create(client, password=PASSWORD)
    assert without.context["form"].errors["code"] and not ApiToken.objects.exists()
    wrong = create(client, password=PASSWORD, code="000000")
    assert wrong.context["form"].errors["code"] and not ApiToken.objects.exists()
    code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
    assert create(client, password=PASSWORD, code=code).context["created"]
    assert ApiToken.objects.count() == 1


def test_a_revoked_token_stops_at_the_next_request(db):
    person = ProfileFactory().user
    api, created = token_client(person)
    assert api.get(ME).status_code == 200
    client = logged_in(person)
    revoke = reverse("api_tokens:revoke", args=[created.token.pk])
    page = client.get(revoke)
    assert page.status_code == 200 and created.token.name in page.content.decode()
    assert api.get(ME).status_code == 200  # the confirmation page alone changes nothing
    assert client.post(revoke).status_code == 302
    refused = api.get(ME)
    assert refused.status_code == 401
    assert refused["WWW-Authenticate"].startswith("Bearer")
    assert client.get(revoke).status_code == 404  # revoked: no longer on the profile
    assert (
        created.token.shown_prefix not in client.get(reverse("accounts:profile")).content.decode()
    )


def test_nobody_revokes_anyone_elses_token(db):
    owner, other = ProfileFactory().user, ProfileFactory().user
    api, created = token_client(owner)
    revoke = reverse("api_tokens:revoke", args=[created.token.pk])
    assert logged_in(other).get(revoke).status_code == 404
    assert logged_in(other).post(revoke).status_code == 404
    assert not api_token_revoke(token_id=created.token.pk, person_id=other.pk)
    assert api.get(ME).status_code == 200


def test_creation_and_revocation_are_in_the_audit_log_without_the_hash(db):
    person = ProfileFactory().user
    client = logged_in(person)
    secret = create(client, password=PASSWORD).context["created"].secret
    token = ApiToken.objects.get()
    client.post(reverse("api_tokens:revoke", args=[token.pk]))
    entries = AuditEntry.objects.filter(object_type="api.apitoken", object_id=str(token.pk))
    actions = list(entries.order_by("pk").values_list("action", flat=True))
    assert actions == [AuditEntry.Action.CREATED, AuditEntry.Action.CHANGED]
    assert all(entry.actor == person for entry in entries)
    logged = " ".join(str(entry.changes) for entry in entries)
    assert "revoked_at" in logged and "key_hash" not in logged and token.key_hash not in logged
    assert secret not in logged


def test_wrong_or_malformed_tokens_are_refused(db):
    person = ProfileFactory().user
    _api, created = token_client(person)
    tampered = created.secret[:-2] + ("AA" if not created.secret.endswith("AA") else "BB")
    for header in [f"Bearer {tampered}", "Bearer emp_", "Bearer nonsense", "Bearer a b",
                   "Bearer emp_zzzzzzzz_x", "Bearer"]:  # fmt: skip
        response = Client(HTTP_AUTHORIZATION=header).get(ME)
        assert response.status_code == 401, header
        assert "detail" in response.json()


@pytest.mark.parametrize(
    "header", ["Token", "Token abc", "Basic dXNlcjpoYXNsbw==", "garbage", "Bearer a b", "Bearer"]
)
def test_a_malformed_authorization_header_is_a_401_not_a_visitor(db, header):
    """A program whose header is wrong hears so, rather than getting the visitor's answer."""
    assert Client().get("/api/v1/networks/").status_code == 200  # no header: a visitor
    response = Client(HTTP_AUTHORIZATION=header).get("/api/v1/networks/")
    assert response.status_code == 401, header
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert "Bearer" in response.json()["detail"]


def test_a_scheme_other_than_bearer_is_explained_in_the_requests_language(db):
    english = Client(HTTP_AUTHORIZATION="Token abc").get(ME, HTTP_ACCEPT_LANGUAGE="en")
    assert english.json()["detail"].startswith("The Authorization header must be the word Bearer")
    polish = Client(HTTP_AUTHORIZATION="Token abc").get(ME)
    assert polish.json()["detail"].startswith("Nagłówek Authorization musi zawierać słowo Bearer")


def test_an_erased_or_deactivated_account_has_no_token(db):
    person = ProfileFactory().user
    api, created = token_client(person)
    person.is_active = False
    person.save()
    assert api.get(ME).status_code == 401
    person.is_active = True
    person.save()
    assert api.get(ME).status_code == 200
    account_erase(person=person)
    assert api.get(ME).status_code == 401
    assert not ApiToken.objects.filter(pk=created.token.pk).exists()


def test_the_token_notes_when_it_was_last_used(db):
    person = ProfileFactory().user
    api, created = token_client(person)
    assert created.token.last_used_at is None
    api.get(ME)
    created.token.refresh_from_db()
    assert created.token.last_used_at is not None


def test_the_token_reads_only(db):
    person = ProfileFactory().user
    api, _created = token_client(person)
    for method in (api.post, api.put, api.patch, api.delete):
        assert method("/api/v1/practices/").status_code == 405


def test_the_form_sent_twice_makes_one_token(db):
    person = ProfileFactory().user
    client = logged_in(person)
    url = reverse("api_tokens:create")
    sent = {"name": "Pulpit", "password": PASSWORD, "nonce": client.get(url).context["nonce"]}
    assert client.post(url, sent).context["created"]
    again = client.post(url, sent, follow=True)  # the browser's "send again"
    assert again.redirect_chain == [(reverse("accounts:profile"), 302)]
    assert "wysłany dwa razy" in again.content.decode()
    assert ApiToken.objects.filter(person=person).count() == 1
    assert create(client, password=PASSWORD).context["created"]  # a page opened anew: another
    assert ApiToken.objects.filter(person=person).count() == 2


def test_the_form_without_its_own_one_time_number_makes_no_token(db):
    person, other = ProfileFactory().user, ProfileFactory().user
    url = reverse("api_tokens:create")
    others = logged_in(other).get(url).context["nonce"]
    client = logged_in(person)
    for nonce in ("", "nonsense", others):
        refused = client.post(url, {"name": "Pulpit", "password": PASSWORD, "nonce": nonce})
        assert refused.status_code == 200 and refused.context["form"].non_field_errors()
        assert refused.context["nonce"] != nonce  # the page comes back with a fresh one
    assert not ApiToken.objects.exists()


def test_the_form_sent_twice_at_the_same_moment_makes_one_token(transactional_db):
    """A double click: two requests at once with the same page's number."""
    person = ProfileFactory().user
    url = reverse("api_tokens:create")
    sent = {"name": "Pulpit", "password": PASSWORD,
            "nonce": logged_in(person).get(url).context["nonce"]}  # fmt: skip
    clients = [logged_in(person) for _ in range(4)]
    start, statuses = threading.Barrier(len(clients)), []

    def send(client):
        try:
            start.wait()
            statuses.append(client.post(url, sent).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200, 302, 302, 302]
    assert ApiToken.objects.filter(person=person).count() == 1


def test_a_session_post_without_its_csrf_token_is_refused_in_the_portals_words(db):
    from django.conf import settings
    from django.utils import translation
    from rest_framework.exceptions import PermissionDenied

    from api.authentication import PortalSessionAuthentication

    client = Client(enforce_csrf_checks=True)
    client.force_login(ProfileFactory().user)
    english = client.post(ME, HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 403
    assert english.json()["detail"].startswith("CSRF token missing: a request with the portal")
    polish = client.post(ME)
    assert polish.status_code == 403
    assert "CSRF Failed" not in polish.json()["detail"]
    with translation.override("pl"), pytest.raises(PermissionDenied) as refusal:
        PortalSessionAuthentication().enforce_csrf(polish.wsgi_request)
    assert polish.json()["detail"] == str(refusal.value.detail)  # the same words, in Polish
    # With the cookie's value in the header, the check passes: the view answers (GET only).
    client.get(reverse("accounts:profile"))
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    answer = client.post(ME, "{}", content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert answer.status_code == 405


def test_a_token_of_someone_who_must_have_a_second_factor_and_has_none_is_refused(db, settings):
    """A token made as city staff, then its person made a coordinator without setting up an
    authenticator app: the portal sends them to set one up, and the token opens nothing
    either (a JSON 401 that says why); the session on the API gets a JSON 403, not a
    redirect to a form. Once the app is set up, the token works again."""
    from allauth.mfa.models import Authenticator

    from networks.choices import Role
    from tests.factories import ParticipationFactory

    settings.MFA_REQUIRED = True
    person = ProfileFactory().user
    secret = create(logged_in(person), password=PASSWORD).context["created"].secret
    assert Client(**bearer(secret)).get(ME).status_code == 200
    ParticipationFactory(person=person, role=Role.COORDINATOR, city=None)
    refused = Client(**bearer(secret)).get(ME)
    assert refused.status_code == 401
    assert "Twoja rola wymaga logowania dwuetapowego" in refused.json()["detail"]
    session = logged_in(person).get(ME)
    assert session.status_code == 403 and "dwuetapowego" in session.json()["detail"]
    Authenticator.objects.create(
        user=person, type=Authenticator.Type.TOTP, data={"secret": generate_totp_secret()}
    )
    assert Client(**bearer(secret)).get(ME).status_code == 200
