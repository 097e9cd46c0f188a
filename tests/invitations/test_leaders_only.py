"""The leaders' network is for mayors, city presidents and their deputies: a paste naming
another function for a member is refused by its line, an account with another function is told
so plainly, and a leader waiting for verification is in the verifiers' queue."""

import datetime as dt
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Function
from accounts.models import User
from invitations.models import Invitation
from networks.choices import NetworkKind, ParticipationStatus, Role
from networks.models import Participation
from tests.factories import PASSWORD, CityFactory, ProfileFactory
from tests.invitations.helpers import coordinated, invite, links_to, token_of
from tests.invitations.test_pages import sign_up

pytestmark = pytest.mark.django_db


def test_a_paste_naming_a_clerk_for_the_leaders_network_is_refused_by_its_line(client):
    leaders, coordinator = coordinated(kind=NetworkKind.LEADERS)
    client.force_login(coordinator)
    pasted = "burmistrz@example.pl;Jan Nowak;;burmistrz\nurzednik@example.pl;Ewa Nowak;;pracownik"
    url = reverse("invitations:new", args=[leaders.slug])
    response = client.post(url, {"role": "member", "people": pasted})
    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert 'class="error-summary"' in page
    assert "Wiersz 2:" in page and "Wiersz 1:" not in page
    assert "burmistrz, prezydent miasta" in page
    assert not Invitation.objects.exists()
    # Its experts come from outside local government: neither line is one (the mayor is
    # invited as a member); someone of no city office's function is.
    response = client.post(url, {"role": "expert", "people": pasted})
    page = html.unescape(response.content.decode())
    assert "Wiersz 1:" in page and "Wiersz 2:" in page
    assert "spoza samorządu" in page
    assert not Invitation.objects.exists()
    expert = "ekspert@example.pl;Anna Ekspert;;inna\nbez@example.pl;Jan Bez"
    response = client.post(url, {"role": "expert", "people": expert})
    assert response.status_code == 302
    assert Invitation.objects.count() == 2


def test_a_city_office_account_cannot_become_the_leaders_networks_expert(client):
    """Invited as an expert with no function named, an account of a city office is refused on
    the invitation's page and when accepting, and signing up as one makes no participation:
    no other staff of a local government sees the leaders' network's inside."""
    leaders, coordinator = coordinated(kind=NetworkKind.LEADERS)
    clerk = ProfileFactory(user__email="urzednik@example.pl", function=Function.STAFF).user
    invite(leaders, coordinator, "urzednik@example.pl", role=Role.EXPERT)
    token = token_of(links_to("urzednik@example.pl")[0])
    client.post(reverse("account_login"), {"login": "urzednik@example.pl", "password": PASSWORD})
    page = html.unescape(client.get(f"/zaproszenie/{token}/").content.decode())
    main = page[page.index("<main") : page.index("</main>")]
    assert "eksperci sieci liderów" in main.lower() and "<button" not in main
    response = client.post(f"/zaproszenie/{token}/")
    assert response.status_code == 200
    assert not Participation.objects.filter(person=clerk, network=leaders).exists()
    assert client.get(reverse("networks:inside", args=[leaders.slug])).status_code == 404
    client.logout()
    # A new account, signing up with the link as a city office's staff.
    invite(leaders, coordinator, "nowy@example.pl", role=Role.EXPERT)
    token = token_of(links_to("nowy@example.pl")[0])
    sign_up(client, token, first_name="Nowy", last_name="Urzędnik", city=CityFactory().pk,
            function=Function.STAFF)  # fmt: skip
    newcomer = User.objects.get(email="nowy@example.pl")
    assert not Participation.objects.filter(person=newcomer, network=leaders).exists()
    assert client.get(reverse("networks:inside", args=[leaders.slug])).status_code == 404
    # Someone of no city office is its expert at once.
    client.logout()
    expert = ProfileFactory(user__email="ekspert@example.pl", function=Function.OTHER).user
    invite(leaders, coordinator, "ekspert@example.pl", role=Role.EXPERT)
    token = token_of(links_to("ekspert@example.pl")[0])
    client.post(reverse("account_login"), {"login": "ekspert@example.pl", "password": PASSWORD})
    assert client.post(f"/zaproszenie/{token}/").status_code == 302
    participation = Participation.objects.get(person=expert, network=leaders)
    assert participation.status == ParticipationStatus.ACCEPTED


def test_a_clerks_line_and_a_bad_address_are_both_named_at_once(client):
    """Not the address first and the function only once it is fixed; the example the form
    gives is a leader's line too."""
    leaders, coordinator = coordinated(kind=NetworkKind.LEADERS)
    client.force_login(coordinator)
    url = reverse("invitations:new", args=[leaders.slug])
    assert "Bochnia; burmistrz</code>" in client.get(url).content.decode()
    pasted = "urzednik@example.pl;Ewa Nowak;;pracownik\nzly;Jan Nowak;;burmistrz"
    response = client.post(url, {"role": "member", "people": pasted})
    page = html.unescape(response.content.decode())
    assert "Wiersz 1:" in page and "Wiersz 2:" in page
    assert page.index("Wiersz 1:") < page.index("Wiersz 2:")
    assert not Invitation.objects.exists()


def test_an_account_with_another_function_is_told_the_network_is_for_leaders(client):
    leaders, coordinator = coordinated(kind=NetworkKind.LEADERS)
    person = ProfileFactory(user__email="urzednik@example.pl", function=Function.STAFF).user
    invite(leaders, coordinator, "urzednik@example.pl")
    token = token_of(links_to("urzednik@example.pl")[0])
    client.post(reverse("account_login"), {"login": "urzednik@example.pl", "password": PASSWORD})
    response = client.post(f"/zaproszenie/{token}/")
    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "tylko dla burmistrzów, prezydentów miast i ich zastępców" in page
    assert not Participation.objects.filter(person=person, network=leaders).exists()
    assert Invitation.objects.get().accepted_at is None  # still open, once the profile is right


def test_a_leader_waiting_for_verification_is_in_the_verifiers_queue(client):
    leaders, coordinator = coordinated(kind=NetworkKind.LEADERS)
    CityFactory(name="Starachowice")
    invite(leaders, coordinator, "prezydent@example.pl;Marek Nowak;Starachowice;prezydent miasta")
    token = token_of(links_to("prezydent@example.pl")[0])
    sign_up(client, token)
    person = User.objects.get(email="prezydent@example.pl")
    participation = Participation.objects.get(person=person, network=leaders)
    assert participation.status == ParticipationStatus.APPLIED
    client.force_login(coordinator)
    page = client.get(reverse("accounts:function_verifications")).content.decode()
    assert "Marek" in page


def test_a_paste_that_sends_nothing_is_a_warning_not_a_success(client):
    network, coordinator = coordinated()
    invite(network, coordinator, "juz@example.pl")
    client.force_login(coordinator)
    response = client.post(
        reverse("invitations:new", args=[network.slug]),
        {"role": "member", "people": "juz@example.pl"},
        follow=True,
    )
    page = response.content.decode()
    assert "Wysłano 0" not in page
    assert "message--warning" in page and "Nie wysłano żadnego zaproszenia" in page


def test_an_expired_or_withdrawn_invitation_is_sent_again_with_a_new_link(client):
    network, coordinator = coordinated()
    invite(network, coordinator, "ewa@example.pl;Ewa Nowak\njan@example.pl;Jan Nowak")
    expired = Invitation.objects.get(email="ewa@example.pl")
    Invitation.objects.filter(pk=expired.pk).update(
        created_at=timezone.now() - dt.timedelta(days=20),
        expires_at=timezone.now() - dt.timedelta(days=6),
    )
    pending = Invitation.objects.get(email="jan@example.pl")
    client.force_login(coordinator)
    listing = client.get(reverse("invitations:list", args=[network.slug])).content.decode()
    assert reverse("invitations:renew", args=[network.slug, expired.pk]) in listing
    assert reverse("invitations:renew", args=[network.slug, pending.pk]) not in listing
    response = client.post(reverse("invitations:renew", args=[network.slug, expired.pk]))
    assert response.status_code == 302
    assert len(links_to("ewa@example.pl")) == 2
    renewed = Invitation.objects.filter(email="ewa@example.pl").order_by("-pk").first()
    assert renewed.pk != expired.pk and renewed.state() == "pending"
    assert renewed.name == "Ewa Nowak"
    # A pending one is not sent twice; a second renewal finds the pending one.
    client.post(reverse("invitations:renew", args=[network.slug, pending.pk]))
    client.post(reverse("invitations:renew", args=[network.slug, expired.pk]))
    assert Invitation.objects.filter(email="jan@example.pl").count() == 1
    assert Invitation.objects.filter(email="ewa@example.pl").count() == 2


def test_an_account_with_another_function_is_told_before_accepting(client):
    leaders, coordinator = coordinated(kind=NetworkKind.LEADERS)
    ProfileFactory(user__email="urzednik@example.pl", function=Function.STAFF)
    invite(leaders, coordinator, "urzednik@example.pl")
    token = token_of(links_to("urzednik@example.pl")[0])
    client.post(reverse("account_login"), {"login": "urzednik@example.pl", "password": PASSWORD})
    page = html.unescape(client.get(f"/zaproszenie/{token}/").content.decode())
    main = page[page.index("<main") : page.index("</main>")]
    assert "tylko dla burmistrzów, prezydentów miast i ich zastępców" in main
    assert "<button" not in main  # no "Przyjmij" to be refused after
    assert reverse("accounts:profile") in main
    # A leader's account is offered the button.
    client.logout()
    ProfileFactory(user__email="burmistrz@example.pl", function=Function.MAYOR)
    invite(leaders, coordinator, "burmistrz@example.pl")
    token = token_of(links_to("burmistrz@example.pl")[0])
    client.post(reverse("account_login"), {"login": "burmistrz@example.pl", "password": PASSWORD})
    page = html.unescape(client.get(f"/zaproszenie/{token}/").content.decode())
    main = page[page.index("<main") : page.index("</main>")]
    assert "tylko dla burmistrzów" not in main and "<button" in main
