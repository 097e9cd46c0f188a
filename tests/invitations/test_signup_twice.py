"""The sign-up form sent twice at once (a double click): one account, one acceptance, and
the second request ends on a page that says so, never an error."""

import pytest
from django.test import Client

from accounts.models import User
from invitations.models import Invitation
from networks.models import Participation
from tests.concurrency import run_at_once
from tests.factories import CityFactory
from tests.invitations.helpers import coordinated, invite, links_to, token_of


def two_tabs_on_the_sign_up():
    """An invitation's sign-up form open in two tabs, and what the person types in it."""
    CityFactory(name="Bochnia")
    network, coordinator = coordinated()
    invite(network, coordinator, "jan@example.pl\tJan Nowak\tBochnia\tpracownik urzędu")
    token = token_of(links_to("jan@example.pl")[0])
    url = f"/zaproszenie/{token}/rejestracja/"
    first, second = Client(), Client()
    form = first.get(url).context["form"]
    data = {
        **{key: form[key].value() for key in ("email", "first_name", "last_name", "city")},
        "function": form["function"].value(),
        "password1": "Sieci-Wymiany-2026",
        "password2": "Sieci-Wymiany-2026",
    }
    second.get(url)
    return network, token, url, first, second, data


@pytest.mark.django_db(transaction=True)
def test_the_sign_up_sent_twice_at_once_makes_one_account():
    network, token, url, first, second, data = two_tabs_on_the_sign_up()
    outcomes = run_at_once(*[lambda c=c: c.post(url, data) for c in (first, second)])
    assert all(not isinstance(o, Exception) for o in outcomes), outcomes
    assert sorted(o.status_code for o in outcomes) == [302, 302], outcomes
    person = User.objects.get(email="jan@example.pl")
    assert Participation.objects.filter(person=person, network=network).count() == 1
    assert Invitation.objects.get(email="jan@example.pl").accepted_by == person
    late = [
        client
        for client, outcome in zip((first, second), outcomes, strict=True)
        if outcome.url == f"/zaproszenie/{token}/"
    ]
    assert len(late) == 1, [o.url for o in outcomes]  # the other one: the network's inside
    page = late[0].get(f"/zaproszenie/{token}/").content.decode()
    assert "formularz wysłano dwa razy" in page


@pytest.mark.django_db
def test_the_sign_up_sent_again_after_the_first_ended_says_so_too():
    """A double click whose second request arrives once the first has made the account."""
    network, token, url, first, second, data = two_tabs_on_the_sign_up()
    assert first.post(url, data).status_code == 302
    late = second.post(url, data)
    assert late.url == f"/zaproszenie/{token}/"
    assert "formularz wysłano dwa razy" in second.get(late.url).content.decode()
    assert User.objects.filter(email="jan@example.pl").count() == 1
