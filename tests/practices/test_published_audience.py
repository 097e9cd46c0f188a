"""Who sees the same published practices shares the cached lists, searches and map: the
audience must never join two people whom visible_to shows different practices, and must
follow a practice that becomes restricted on the very next request."""

import itertools
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from accounts.choices import Function
from networks.choices import NetworkKind, Role
from practices.choices import PracticeStatus
from practices.models import Category, Practice
from practices.selectors import published_audience
from tests.factories import NetworkFactory, ParticipationFactory, ProfileFactory, UserFactory
from tests.practices.test_practices import published

pytestmark = pytest.mark.django_db


@pytest.fixture
def category():
    return Category.objects.create(name="Transport", slug="transport")


def person_in(network, role=Role.MEMBER, **profile):
    person = ProfileFactory(**profile)
    ParticipationFactory(network=network, person=person.user, city=person.city, role=role)
    return person.user


def published_seen(person):
    return set(
        Practice.objects.visible_to(person)
        .filter(status=PracticeStatus.PUBLISHED)
        .values_list("pk", flat=True)
    )


def test_people_of_one_audience_see_the_same_published_practices(category):
    digital, green = NetworkFactory(), NetworkFactory()
    leaders = NetworkFactory(kind=NetworkKind.LEADERS)
    published(category, title="Dla wszystkich")
    published(category, title="Cyfrowa", networks=[digital], restricted_to_networks=True)
    published(category, title="Liderska", networks=[leaders], restricted_to_networks=True)
    published(category, title="Zielona, otwarta", networks=[green])  # named, not restricted
    published(category, title="Bez sieci", restricted_to_networks=True)  # no network at all
    people = {
        "visitor": AnonymousUser(),
        "nobody's": ProfileFactory().user,
        "green member": person_in(green),
        "green coordinator": person_in(green, Role.COORDINATOR),
        "digital member": person_in(digital),
        "digital observer": person_in(digital, Role.OBSERVER),
        "digital expert": person_in(digital, Role.EXPERT),
        "mayor": person_in(leaders, function=Function.MAYOR, verified=True),
        "unverified mayor": person_in(leaders, function=Function.MAYOR),
        "leaders' coordinator": person_in(leaders, Role.COORDINATOR),
        "administrator": UserFactory(is_superuser=True, is_staff=True),
    }
    audience = {name: published_audience(person) for name, person in people.items()}
    seen = {name: published_seen(person) for name, person in people.items()}
    for one, other in itertools.combinations(people, 2):
        if audience[one] == audience[other]:
            assert seen[one] == seen[other], (one, other)
    # What it is for: everyone whose networks restrict nothing shares the visitors' copy.
    shared = {name for name in people if audience[name] == audience["visitor"]}
    assert shared == {
        "visitor", "nobody's", "green member", "green coordinator", "digital observer",
        "unverified mayor",
    }  # fmt: skip
    assert len({audience["mayor"], audience["digital member"], audience["administrator"]}) == 3


def test_a_practice_restricted_later_leaves_the_shared_copies_at_once(client, category):
    digital = NetworkFactory()
    practice = published(category, title="Tablica miejska", networks=[digital])
    member = person_in(digital)
    pages = [reverse("practices:list"), reverse("practices:list") + "?q=tablica"]

    def shown(person):
        """Whether the list and the search show the practice; how many practices the map
        counts (its status line)."""
        client.logout()
        if person:
            client.force_login(person)
        found = [
            "Tablica miejska" in re.sub("</?mark>", "", client.get(page).content.decode())
            for page in pages
        ]
        status = re.search(
            r'<p role="status">(.*?)</p>', client.get(reverse("practices:map")).content.decode()
        )
        return [*found, status.group(1)]

    everyone = shown(None)
    assert everyone == shown(member) and everyone[:2] == [True, True]
    assert published_audience(member) == published_audience(AnonymousUser())
    practice.restricted_to_networks = True
    practice.save()
    assert shown(None) == [False, False, "Znaleziono 0 praktyk"]
    assert shown(member) == everyone
    assert published_audience(member) != published_audience(AnonymousUser())
