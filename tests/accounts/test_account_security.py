"""Two-step log-in (TOTP and recovery codes) required of coordinators and staff and offered to
everyone; the admin's log-in goes through the same door; common passwords refused; a person
sees and ends their other sessions, and a new password ends them."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.test import Client
from django.urls import reverse

from networks.choices import Role
from tests.factories import ParticipationFactory, ProfileFactory

pytestmark = pytest.mark.django_db
PASSWORD = "Rynek-Główny-2026!"


@pytest.fixture(autouse=True)
def mfa_required(settings):
    settings.MFA_REQUIRED = True


def person(**fields):
    user = ProfileFactory(**fields).user
    user.set_password(PASSWORD)
    user.save()
    user.emailaddress_set.update_or_create(
        email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


def coordinator():
    user = person()
    ParticipationFactory(person=user, role=Role.COORDINATOR, city=None)
    return user


def code_for(secret):
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def set_up_totp(client):
    """Through the activation page, as a person does it with an authenticator app (after
    typing the password again: allauth asks for it before security changes)."""
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 302 and page["Location"].startswith(
        reverse("account_reauthenticate")
    )
    client.post(page["Location"], {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    secret = page.context["form"].secret
    assert secret in page.content.decode()  # shown, to type into the app by hand
    response = client.post(reverse("mfa_activate_totp"), {"code": code_for(secret)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return secret


def log_in(client, user):
    return client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})


def test_a_coordinator_without_a_second_factor_is_sent_to_set_one_up(client):
    user = coordinator()
    log_in(client, user)
    response = client.get(reverse("desk:home"))
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")
    assert client.get(reverse("accounts:notifications")).status_code == 302
    set_up_totp(client)
    assert client.get(reverse("desk:home")).status_code == 200
    kinds = set(Authenticator.objects.filter(user=user).values_list("type", flat=True))
    assert kinds == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}


def test_the_second_factor_is_read_with_the_person_and_its_removal_counts_at_once(client):
    """Whether a coordinator has an authenticator app comes in the person's own statement
    (no query of its own on each page), kept with the cached person: removed (in the admin,
    or on erasure), the very next request sends them to set one up again."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = coordinator()
    log_in(client, user)
    set_up_totp(client)
    assert client.get(reverse("desk:home")).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("accounts:notifications")).status_code == 200
    assert not [q for q in queries.captured_queries if "mfa_authenticator" in q["sql"]]
    Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
    response = client.get(reverse("desk:home"))
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")


def test_staff_need_it_too_and_members_are_only_offered_it(client):
    staff = person()
    staff.is_staff = True
    staff.save()
    client.force_login(staff)
    assert client.get(reverse("desk:home")).status_code == 302
    member = person()
    ParticipationFactory(person=member, role=Role.MEMBER)
    client.force_login(member)
    assert client.get(reverse("desk:home")).status_code == 200
    assert client.get(reverse("mfa_index")).status_code == 200  # offered, on the profile


def test_logging_in_with_totp_asks_for_the_code(client):
    user = coordinator()
    log_in(client, user)
    secret = set_up_totp(client)
    fresh = Client()
    response = log_in(fresh, user)
    assert response.status_code == 302 and response["Location"] == reverse("mfa_authenticate")
    assert fresh.get(reverse("home")).wsgi_request.user.is_anonymous  # not yet
    wrong = fresh.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200 and fresh.get(reverse("home")).wsgi_request.user.is_anonymous
    again = Client()
    log_in(again, user)
    # The code just used is not accepted twice; the next period's or a recovery code is.
    codes = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
    recovery = codes.wrap().get_unused_codes()[0]
    assert again.post(reverse("mfa_authenticate"), {"code": recovery}).status_code == 302
    assert again.get(reverse("home")).wsgi_request.user == user
    assert secret


def test_the_admin_logs_in_through_the_portals_door(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_common_and_polish_common_passwords_are_refused(client):
    for weak in ("password123", "zaq12wsx", "Polska123"):
        response = client.post(
            reverse("account_signup"),
            {"email": "nowa@miasto.pl", "password1": weak, "password2": weak},
        )
        assert response.status_code == 200
        assert "password1" in response.context["form"].errors, weak


def test_a_person_sees_and_ends_their_other_sessions(client):
    user = person()
    laptop, phone = Client(), Client()
    log_in(laptop, user)
    log_in(phone, user)
    page = laptop.get(reverse("usersessions_list"))
    assert page.status_code == 200 and len(page.context["sessions"]) == 2
    laptop.post(reverse("usersessions_list"))
    assert phone.get(reverse("home")).wsgi_request.user.is_anonymous
    assert laptop.get(reverse("home")).wsgi_request.user == user


def test_a_new_password_ends_the_other_sessions(client):
    user = person()
    laptop, phone = Client(), Client()
    log_in(laptop, user)
    log_in(phone, user)
    response = laptop.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": "Nowe-Hasło-Ratusz-7", "password2": "Nowe-Hasło-Ratusz-7"},
    )  # fmt: skip
    assert response.status_code == 302
    assert phone.get(reverse("home")).wsgi_request.user.is_anonymous
    assert laptop.get(reverse("home")).wsgi_request.user == user
