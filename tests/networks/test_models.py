"""A person holds at most one live role per network, and every decision is dated."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from networks.choices import ParticipationStatus, Role
from tests.factories import NetworkFactory, ParticipationFactory, UserFactory

pytestmark = pytest.mark.django_db


def refused(**fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        ParticipationFactory(**fields)


def test_one_live_role_per_person_and_network():
    person, network = UserFactory(), NetworkFactory()
    ParticipationFactory(person=person, network=network, role=Role.MEMBER)
    refused(person=person, network=network, role=Role.OBSERVER)
    refused(person=person, network=network, status=ParticipationStatus.APPLIED, decided_at=None)


def test_a_person_may_apply_again_after_leaving_or_being_refused():
    person, network = UserFactory(), NetworkFactory()
    ParticipationFactory(
        person=person, network=network, status=ParticipationStatus.LEFT, left_at=timezone.now()
    )
    ParticipationFactory(person=person, network=network, status=ParticipationStatus.REFUSED)
    live = ParticipationFactory(
        person=person, network=network, status=ParticipationStatus.APPLIED, decided_at=None
    )
    assert live.pk


def test_the_same_person_may_have_roles_in_several_networks():
    person = UserFactory()
    ParticipationFactory(person=person)
    ParticipationFactory(person=person, role=Role.OBSERVER)


def test_acceptance_and_refusal_are_dated():
    refused(status=ParticipationStatus.ACCEPTED, decided_at=None)
    refused(status=ParticipationStatus.REFUSED, decided_at=None)


def test_leaving_is_dated():
    refused(status=ParticipationStatus.LEFT, left_at=None)


def test_role_and_status_must_be_known():
    refused(role="owner")
    refused(status="pending")


def test_network_numbers_and_names_are_unique():
    NetworkFactory(number=1, name="MIASTO CYFROWE")
    with pytest.raises(IntegrityError), transaction.atomic():
        NetworkFactory(number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        NetworkFactory(name="MIASTO CYFROWE")


def test_the_people_of_one_network_are_those_visible_of_all_in_that_network():
    """visible_to(user, network=…) says the rule for one network without its OR: the same rows."""
    from django.contrib.auth.models import AnonymousUser

    from networks.models import Participation

    network, other = NetworkFactory(), NetworkFactory()
    member = ParticipationFactory(network=network).person
    outsider = ParticipationFactory(network=other).person
    applicant = ParticipationFactory(
        network=network, person=outsider, status=ParticipationStatus.APPLIED, decided_at=None
    )
    ParticipationFactory(network=network)
    administrator = UserFactory(is_superuser=True, is_staff=True)
    for user in (member, outsider, administrator, AnonymousUser()):
        for place in (network, other):
            narrowed = set(Participation.objects.visible_to(user, network=place))
            assert narrowed == set(Participation.objects.visible_to(user).filter(network=place))
    # An outsider knows of their own application only; a member of everyone in the network.
    assert set(Participation.objects.visible_to(outsider, network=network)) == {applicant}
    assert len(Participation.objects.visible_to(member, network=network)) == 3


def test_the_inside_lists_people_by_role_city_and_name_as_renamed_however_written():
    from accounts.models import User
    from cities.models import City
    from networks.models import Participation
    from networks.selectors import network_people
    from tests.factories import CityFactory

    network = NetworkFactory()
    krakow, bochnia = CityFactory(name="Kraków"), CityFactory(name="Bochnia")

    def member(first, last, city):
        return ParticipationFactory(
            network=network, city=city, status=ParticipationStatus.ACCEPTED,
            person=UserFactory(first_name=first, last_name=last),
        )  # fmt: skip

    member("Jan", "Żak", krakow)
    member("Anna", "Łuczak", krakow)
    zbigniew = member("Zbigniew", "Nowak", bochnia).person
    ParticipationFactory(
        network=network, city=None, role=Role.COORDINATOR, status=ParticipationStatus.ACCEPTED,
        person=UserFactory(first_name="Ewa", last_name="Zmp"),
    )  # fmt: skip
    ParticipationFactory(
        network=network, city=None, role=Role.MEMBER, status=ParticipationStatus.ACCEPTED,
        person=UserFactory(first_name="Olga", last_name="Abacka"),
    )  # fmt: skip
    administrator = UserFactory(is_superuser=True)

    def order():
        return [
            (role, city, last)
            for role, city, _f, last, *_ in network_people(administrator, network)
        ]

    assert order() == [
        ("coordinator", None, "Zmp"),
        ("member", "Bochnia", "Nowak"),
        ("member", "Kraków", "Łuczak"),
        ("member", "Kraków", "Żak"),
        ("member", None, "Abacka"),  # ZMP's staff represent no city: after the cities
    ]
    zbigniew.last_name = "Ziółkowski"
    zbigniew.save()
    City.objects.filter(pk=bochnia.pk).update(name="Wieliczka", sort_key="w0i0e0l0i0c0z0k0a0")
    krakow.name = "Alwernia"
    krakow.save()  # the city's own save, as the admin's
    assert order()[1:4] == [
        ("member", "Alwernia", "Łuczak"),
        ("member", "Alwernia", "Żak"),
        ("member", "Wieliczka", "Ziółkowski"),
    ]
    Participation.objects.filter(person=zbigniew).update(city=krakow)
    User.objects.filter(pk=zbigniew.pk).update(sort_key="a0")  # as a bulk rename would
    assert order()[1] == ("member", "Alwernia", "Ziółkowski")
