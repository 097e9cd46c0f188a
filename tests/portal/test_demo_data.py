"""The demo data command loads real cities and one working login per role, and only in demo."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts import rules
from accounts.models import User
from cities.models import City
from networks.management.commands.demo_data import DEMO_ACCOUNTS, DEMO_PASSWORD
from networks.models import Network, Participation

pytestmark = pytest.mark.django_db


def load():
    out = StringIO()
    call_command("demo_data", stdout=out)
    return out.getvalue()


def test_loads_networks_and_real_cities_and_is_idempotent():
    load()
    load()
    assert Network.objects.count() == 8
    assert Network.objects.filter(kind="leaders").get().number == 8
    bochnia = City.objects.get(slug="bochnia")
    assert (bochnia.county, bochnia.voivodeship, bochnia.unit_type) == (
        "bocheński",
        "malopolskie",
        "gmina_miejska",
    )
    assert City.objects.get(name="Łomża").slug == "lomza"
    assert Participation.objects.filter(network__number=8, role="member").count() == 26


def test_prints_every_demo_login_and_each_one_works(client):
    output = load()
    for role, (email, *_rest) in DEMO_ACCOUNTS.items():
        assert email in output, role
        assert client.login(email=email, password=DEMO_PASSWORD), role
        client.logout()
    assert DEMO_PASSWORD in output


def test_the_demo_leader_is_verified_and_the_staff_member_is_not():
    load()
    assert rules.is_verified_leader(User.objects.get(email="lider@empirie.test"))
    assert not rules.is_verified_leader(User.objects.get(email="pracownik@empirie.test"))
    assert rules.is_zmp_administrator(User.objects.get(email="administrator@empirie.test"))


def test_refuses_to_run_under_production_settings(settings):
    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError):
        load()
    assert not Network.objects.exists()
