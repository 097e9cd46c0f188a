"""allauth's e-mails name the portal: "Witamy z EMPIRIE!", never "Witamy z !"."""

import pytest
from django.contrib.sites.models import Site
from django.urls import reverse

from accounts.models import OutgoingEmail
from tests.factories import CityFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def the_portals_site():
    # A transactional test elsewhere may have flushed the row the migration wrote.
    Site.objects.update_or_create(id=1, defaults={"domain": "testserver", "name": "EMPIRIE"})
    Site.objects.clear_cache()


def test_password_reset_e_mail_greets_from_empirie(client):
    UserFactory(email="sekretariat@konin.example.org")
    client.post(reverse("account_reset_password"), {"email": "sekretariat@konin.example.org"})
    email = OutgoingEmail.objects.get(to=["sekretariat@konin.example.org"])
    assert email.subject.startswith("[EMPIRIE] ")
    assert "Witamy z EMPIRIE!" in email.body
    assert "Dziękujemy za korzystanie z EMPIRIE!" in email.body
    assert "Witamy z !" not in email.body


def test_confirmation_e_mail_names_the_site(client):
    city = CityFactory(name="Żarów")
    client.post(
        reverse("account_signup"),
        {
            "email": "urzad@zarow.example.org",
            "first_name": "Anna",
            "last_name": "Łęcka",
            "city": city.pk,
            "function": "staff",
            "password1": "Sieci-Wymiany-2026",
            "password2": "Sieci-Wymiany-2026",
        },
    )
    email = OutgoingEmail.objects.get(to=["urzad@zarow.example.org"])
    assert "Witamy z EMPIRIE!" in email.body
    assert "testserver" in email.body  # the site's domain, where allauth names it
