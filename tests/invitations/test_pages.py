"""The coordinator's pages and the invitee's: what each answers, on any input, in Polish."""

import datetime as dt
import html
import re

import pytest
from allauth.account.models import EmailAddress
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import Function, FunctionStatus
from accounts.models import User
from invitations import services
from invitations.models import Invitation
from networks.choices import NetworkKind, ParticipationStatus, Role
from networks.models import Participation
from tests.factories import PASSWORD, CityFactory, ProfileFactory
from tests.invitations.helpers import coordinated, invite, links_to, token_of

pytestmark = pytest.mark.django_db


def test_a_paste_with_bad_lines_comes_back_whole_with_each_line_named(client):
    network, coordinator = coordinated()
    client.force_login(coordinator)
    pasted = "dobry@example.pl\nnie-adres\n=cmd@example.pl;x"
    response = client.post(
        reverse("invitations:new", args=[network.slug]), {"role": "member", "people": pasted}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in page
    assert "nie-adres" in page and "=cmd@example.pl;x" in page  # nothing lost
    for line in (2, 3):
        assert f"{_('Line %(line)d: %(reason)s') % {'line': line, 'reason': ''}}" in page
    assert not Invitation.objects.exists()


def test_a_paste_sends_and_reports_who_was_not_invited(client):
    network, coordinator = coordinated()
    invite(network, coordinator, "juz@example.pl")
    client.force_login(coordinator)
    response = client.post(
        reverse("invitations:new", args=[network.slug]),
        {"role": "expert", "people": "nowa@example.pl; Nowa Osoba\njuz@example.pl"},
        follow=True,
    )
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("invitations:list", args=[network.slug])
    assert "juz@example.pl" in page and "nowa@example.pl" in page
    assert Invitation.objects.get(email="nowa@example.pl").role == Role.EXPERT


def test_the_leaders_network_offers_no_observer_role_and_a_forged_one_is_refused(client):
    leaders, coordinator = coordinated(kind=NetworkKind.LEADERS)
    client.force_login(coordinator)
    url = reverse("invitations:new", args=[leaders.slug])
    assert 'value="observer"' not in client.get(url).content.decode()
    response = client.post(url, {"role": "observer", "people": "x@example.pl"})
    assert response.status_code == 200 and 'class="error-summary"' in response.content.decode()
    assert not Invitation.objects.exists()


def test_withdrawing_asks_first_and_then_the_link_says_so(client):
    network, coordinator = coordinated()
    invitation = invite(network, coordinator, "x@example.pl").invitations[0]
    token = token_of(links_to("x@example.pl")[0])
    client.force_login(coordinator)
    url = reverse("invitations:revoke", args=[network.slug, invitation.pk])
    assert client.get(url).status_code == 200
    invitation.refresh_from_db()
    assert invitation.revoked_at is None  # a look changes nothing
    client.post(url)
    invitation.refresh_from_db()
    assert invitation.revoked_by == coordinator
    client.logout()
    response = client.get(reverse("invitations:invitation", args=[token]))
    assert response.status_code == 410
    assert _("The coordinator has withdrawn this invitation.") in response.content.decode()


@pytest.mark.parametrize(
    "token",
    ["x", "a" * 43, "a" * 5000, "..%2E%2E", "ąęś" * 10, "<script>alert(1)", "%00" * 30],
)
def test_a_tampered_link_is_a_page_saying_what_to_do(client, token):
    response = client.get(f"/zaproszenie/{token}/")
    assert response.status_code == 404
    assert _("We do not know this invitation") in response.content.decode()
    response = client.get(f"/zaproszenie/{token}/rejestracja/")
    assert response.status_code == 404


def test_an_expired_link_says_so_to_everyone(client):
    network, coordinator = coordinated()
    invitation = invite(network, coordinator, "x@example.pl").invitations[0]
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    token = token_of(links_to("x@example.pl")[0])
    for path in (f"/zaproszenie/{token}/", f"/zaproszenie/{token}/rejestracja/"):
        response = client.get(path, follow=True)
        assert _("This invitation has expired.") in response.content.decode()
    assert client.post(f"/zaproszenie/{token}/").status_code == 302  # log in first
    client.force_login(ProfileFactory(user__email="x@example.pl").user)
    response = client.post(f"/zaproszenie/{token}/")
    assert response.status_code == 410
    assert not Participation.objects.filter(network=network, role=Role.MEMBER).exists()


def sign_up(client, token, **changes):
    page = client.get(f"/zaproszenie/{token}/rejestracja/")
    assert page.status_code == 200
    data = {
        "email": page.context["form"]["email"].value(),
        "first_name": page.context["form"]["first_name"].value(),
        "last_name": page.context["form"]["last_name"].value(),
        "city": page.context["form"]["city"].value(),
        "function": page.context["form"]["function"].value(),
        "password1": "Sieci-Wymiany-2026",
        "password2": "Sieci-Wymiany-2026",
        **changes,
    }
    return client.post(f"/zaproszenie/{token}/rejestracja/", data), page


def test_signing_up_with_the_link_fills_in_the_details_and_accepts_at_once(client):
    bochnia = CityFactory(name="Bochnia")
    network, coordinator = coordinated()
    invite(network, coordinator, "Anna@Bochnia.example.pl\tAnna Nowak\tBochnia\tpracownik urzędu")
    token = token_of(links_to("anna@bochnia.example.pl")[0])
    landing = client.get(f"/zaproszenie/{token}/")
    assert reverse("invitations:signup", args=[token]) in landing.content.decode()
    response, page = sign_up(client, token)
    form = page.context["form"]
    assert form["city"].value() == bochnia.pk and form["function"].value() == Function.STAFF
    assert form["first_name"].value() == "Anna" and form["last_name"].value() == "Nowak"
    assert response.status_code == 302
    assert response.url == reverse("networks:inside", args=[network.slug])
    person = User.objects.get(email="anna@bochnia.example.pl")
    assert EmailAddress.objects.get(user=person).verified  # the link came to this address
    participation = Participation.objects.get(person=person, network=network)
    assert participation.status == ParticipationStatus.ACCEPTED and participation.city == bochnia
    assert client.get(response.url).status_code == 200  # logged in and inside
    # The link is spent: another visitor learns only that.
    client.logout()
    again = client.get(f"/zaproszenie/{token}/")
    assert again.status_code == 410
    assert _("This invitation has already been accepted.") in again.content.decode()


def test_signing_up_with_another_address_is_refused_and_keeps_the_form(client):
    network, coordinator = coordinated()
    invite(network, coordinator, "jan@example.pl; Jan Nowak")
    token = token_of(links_to("jan@example.pl")[0])
    response, _page = sign_up(client, token, email="inny@example.pl", city=CityFactory().pk)
    assert response.status_code == 200
    assert 'class="error-summary"' in response.content.decode()
    assert not User.objects.filter(email="inny@example.pl").exists()


def test_a_mayor_invited_to_the_leaders_network_is_told_of_the_verification(client):
    leaders, coordinator = coordinated(kind=NetworkKind.LEADERS)
    city = CityFactory(name="Starachowice")
    invite(leaders, coordinator, "prezydent@example.pl;Marek Nowak;Starachowice;prezydent miasta")
    token = token_of(links_to("prezydent@example.pl")[0])
    landing = client.get(f"/zaproszenie/{token}/").content.decode()
    assert (_(
        "The leaders' network is for mayors, city presidents and their deputies. After you "
        "accept, a coordinator verifies your function; you join the network, and see its inside, "
        "once it is verified. You will be told."
    )) in html.unescape(landing)  # fmt: skip
    response, _page = sign_up(client, token)
    assert response.status_code == 302
    person = User.objects.get(email="prezydent@example.pl")
    assert person.profile.city == city and person.profile.function == Function.PRESIDENT
    assert person.profile.function_status == FunctionStatus.DECLARED
    assert Participation.objects.get(person=person, network=leaders).status == "applied"
    # Not inside: the leaders' network's inside stays closed until the verification.
    assert client.get(reverse("networks:inside", args=[leaders.slug])).status_code == 404


def test_the_list_says_when_an_invited_leaders_function_was_not_confirmed(client):
    """Not "awaits the verification" once a coordinator has refused it: the person is not
    let in, and the list says why."""
    from accounts import services as account_services

    leaders, coordinator = coordinated(kind=NetworkKind.LEADERS)
    CityFactory(name="Starachowice")
    invite(leaders, coordinator, "prezydent@example.pl;Marek Nowak;Starachowice;prezydent miasta")
    sign_up(client, token_of(links_to("prezydent@example.pl")[0]))
    listed = reverse("invitations:list", args=[leaders.slug])
    client.force_login(coordinator)
    assert "czeka na weryfikację funkcji" in client.get(listed).content.decode()
    profile = User.objects.get(email="prezydent@example.pl").profile
    account_services.function_decide(
        profile_id=profile.pk, by=coordinator, verified=False, reason="Nie ten urząd",
        seen_function=profile.function, seen_city_id=profile.city_id,
    )  # fmt: skip
    page = client.get(listed).content.decode()
    assert "funkcji nie potwierdzono: nie wchodzi do sieci" in page
    assert "czeka na weryfikację funkcji" not in page


def test_an_existing_account_logs_in_and_accepts(client):
    network, coordinator = coordinated()
    person = ProfileFactory(user__email="stary@example.pl").user
    invite(network, coordinator, "STARY@example.pl")
    token = token_of(links_to("stary@example.pl")[0])
    page = client.get(f"/zaproszenie/{token}/").content.decode()
    assert reverse("account_login") in page
    assert client.get(f"/zaproszenie/{token}/rejestracja/").status_code == 302
    client.post(reverse("account_login"), {"login": "stary@example.pl", "password": PASSWORD})
    response = client.post(f"/zaproszenie/{token}/")
    assert response.status_code == 302
    assert Participation.objects.get(person=person, network=network).status == "accepted"
    assert client.get(f"/zaproszenie/{token}/").status_code == 200  # "you accepted"


def test_someone_logged_in_with_another_address_cannot_accept(client):
    network, coordinator = coordinated()
    invite(network, coordinator, "adresat@example.pl")
    token = token_of(links_to("adresat@example.pl")[0])
    client.force_login(ProfileFactory().user)
    page = client.get(f"/zaproszenie/{token}/").content.decode()
    assert "a…@example.pl" in page and "adresat@example.pl" not in page
    response = client.post(f"/zaproszenie/{token}/")
    assert response.status_code == 200
    assert not Participation.objects.filter(network=network, role=Role.MEMBER).exists()


def list_queries(client, network):
    """The queries of the list page, once what its first reading caches is cached."""
    client.get(reverse("invitations:list", args=[network.slug]))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("invitations:list", args=[network.slug]))
    assert response.status_code == 200
    return len(queries)


def test_the_list_reads_the_same_queries_however_many_invitations(client, uncached_fragments):
    network, coordinator = coordinated()
    client.force_login(coordinator)
    invite(network, coordinator, "\n".join(f"a{n}@example.pl;A {n}" for n in range(3)))
    few = list_queries(client, network)
    second = invite(network, coordinator, "\n".join(f"b{n}@example.pl" for n in range(40)))
    for invitation in second.invitations[:5]:
        services.invitation_revoke(invitation_id=invitation.pk, by=coordinator)
    accepted = second.invitations[5]
    services.invitation_accept(
        invitation_id=accepted.pk, person=ProfileFactory(user__email=accepted.email).user
    )
    Invitation.objects.filter(pk=second.invitations[6].pk).update(
        created_at=timezone.now() - dt.timedelta(days=15),
        expires_at=timezone.now() - dt.timedelta(days=1),
    )
    assert list_queries(client, network) == few
    page = client.get(reverse("invitations:list", args=[network.slug])).content.decode()
    assert re.search(r"strona=2", page)  # paged
    filtered = client.get(reverse("invitations:list", args=[network.slug]) + "?stan=revoked")
    assert filtered.content.decode().count(reverse("invitations:list", args=[network.slug])) >= 1
    assert len(filtered.context["page_obj"].object_list) == 5
