"""Signing up with city and function, confirming the e-mail, logging in and out."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.choices import Function, FunctionStatus
from accounts.models import User
from tests.conftest import wait_for
from tests.factories import PASSWORD, CityFactory, ProfileFactory

pytestmark = pytest.mark.django_db


def sign_up(client, chosen_city, **overrides):
    data = {
        "email": "sekretariat@przemysl.example.org",
        "first_name": "Wojciech",
        "last_name": "Nowak",
        "city": chosen_city.pk,
        "function": Function.DEPUTY_PRESIDENT,
        "password1": "Sieci-Wymiany-2026",
        "password2": "Sieci-Wymiany-2026",
    }
    data.update(overrides)
    return client.post(reverse("account_signup"), data)


def test_sign_up_asks_for_city_and_function(client):
    page = client.get(reverse("account_signup")).content.decode()
    assert 'name="city"' in page and 'name="function"' in page
    assert "Zarejestruj się" in page  # allauth's pages speak Polish in the portal's layout
    assert 'class="skip-link"' in page


# Committed: the worker (another connection) reads the e-mail from the outbox table.
@pytest.mark.django_db(transaction=True)
def test_sign_up_records_the_declared_function_unverified_and_sends_a_confirmation(
    client, celery_worker, django_capture_on_commit_callbacks
):
    city = CityFactory(name="Przemyśl")
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client, city)
    assert response.status_code == 302

    user = User.objects.get(email="sekretariat@przemysl.example.org")
    assert user.get_full_name() == "Wojciech Nowak"
    assert user.profile.city == city
    assert user.profile.function == Function.DEPUTY_PRESIDENT
    assert user.profile.function_status == FunctionStatus.DECLARED  # declared, not yet trusted

    assert wait_for(lambda: len(mail.outbox) == 1), "the confirmation e-mail never arrived"
    message = mail.outbox[0]
    assert message.to == ["sekretariat@przemysl.example.org"]
    assert message.subject.startswith("[EMPIRIE]")

    # Until the address is confirmed, logging in is refused.
    client.logout()
    client.post(reverse("account_login"), {"login": user.email, "password": "Sieci-Wymiany-2026"})
    assert "_auth_user_id" not in client.session

    link = re.search(r"https?://[^/\s]+(/\S*/confirm-email/\S+/)", message.body).group(1)
    client.post(link)
    assert client.session["_auth_user_id"] == str(user.pk)


def test_sign_up_errors_keep_what_was_typed(client):
    city = CityFactory()
    response = sign_up(client, city, password2="something-else-entirely")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="sekretariat@przemysl.example.org"' in page
    assert 'value="Wojciech"' in page
    assert f'<option value="{city.pk}" selected>' in page
    assert "Musisz wpisać za każdym razem to samo hasło." in page
    assert not User.objects.exists()


def test_sign_up_requires_a_city(client):
    response = sign_up(client, CityFactory(), city="")
    assert response.status_code == 200
    assert "To pole jest wymagane." in response.content.decode()
    assert not User.objects.exists()


def test_log_in_by_e_mail_and_log_out(client):
    profile = ProfileFactory()
    response = client.post(
        reverse("account_login"), {"login": profile.user.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(profile.user.pk)
    assert response["Location"] == reverse("desk:home")  # a logged-in person's home
    page = client.get("/", follow=True).content.decode()
    assert "Wyloguj" in page and "Twój pulpit" in page

    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


def test_failed_log_in_says_why_in_polish_and_keeps_the_e_mail(client):
    profile = ProfileFactory()
    response = client.post(
        reverse("account_login"), {"login": profile.user.email, "password": "wrong-password"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Podany adres e-mail i/lub hasło są niepoprawne." in page
    assert f'value="{profile.user.email}"' in page


def test_repeated_failed_log_ins_are_rate_limited(client):
    profile = ProfileFactory()
    for _attempt in range(5):
        client.post(reverse("account_login"), {"login": profile.user.email, "password": "nope"})
    response = client.post(
        reverse("account_login"), {"login": profile.user.email, "password": PASSWORD}
    )
    assert "_auth_user_id" not in client.session
    assert "Zbyt wiele nieudanych prób logowania" in response.content.decode()


# Committed: the worker (another connection) reads the e-mail from the outbox table.
@pytest.mark.django_db(transaction=True)
def test_password_reset_sends_a_link(client, celery_worker, django_capture_on_commit_callbacks):
    profile = ProfileFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": profile.user.email})
    assert response.status_code == 302
    assert wait_for(lambda: len(mail.outbox) == 1)
    assert "/konto/password/reset/key/" in mail.outbox[0].body
