"""Cities and people in Polish alphabetical order, sorted by the database through a stored key,
whatever the database's own collation."""

import random
import re

import pytest
from django.urls import reverse

from accounts.forms import SignupDetailsForm
from accounts.models import User
from cities.models import City
from empirie.collation import sort_key
from networks.choices import Role
from tests.factories import CityFactory, NetworkFactory, ParticipationFactory, UserFactory

# The examples, and the letters that a byte-wise or English order gets wrong.
CITIES_IN_ORDER = [
    "Cieszyn",
    "Ćmielów",
    "Kędzierzyn-Koźle",
    "Konin",
    "Lubin",
    "Łomża",
    "Łódź",
    "Nowa Sarzyna",
    "Nowa Sól",
    "Nowy Sącz",
    "Ostrowiec Świętokrzyski",
    "Ostrów Wielkopolski",
    "Sanok",
    "Świdnica",
    "Zabrze",
    "Ździeszowice",
    "Żarów",
]


def shuffled(names):
    names = list(names)
    random.Random(16).shuffle(names)
    return names


def test_the_sort_key_gives_the_polish_dictionary_order():
    assert sorted(shuffled(CITIES_IN_ORDER), key=sort_key) == CITIES_IN_ORDER
    assert sort_key("ŁOMŻA") == sort_key("łomża")  # case does not count
    assert sort_key("Nowak", "Jan") < sort_key("Nowak-Jeziorańska", "Anna")


@pytest.mark.django_db
def test_the_database_sorts_cities_in_polish_order():
    for name in shuffled(CITIES_IN_ORDER):
        CityFactory(name=name)
    assert list(City.objects.values_list("name", flat=True)) == CITIES_IN_ORDER
    # The same through a select's choices (the sign-up form's city).
    labels = [label for _, label in SignupDetailsForm().fields["city"].choices][1:]
    assert labels == CITIES_IN_ORDER


@pytest.mark.django_db
def test_a_renamed_city_moves_to_its_new_place():
    city = CityFactory(name="Aleksandrów")
    CityFactory(name="Łomża")
    city.name = "Żarów"
    city.save(update_fields=["name"])
    assert list(City.objects.values_list("name", flat=True)) == ["Łomża", "Żarów"]


@pytest.mark.django_db
def test_people_sort_by_surname_then_first_name_in_polish_order():
    people = [("Anna", "Łęcka"), ("Ewa", "Lewandowska"), ("Żaneta", "Zając"), ("Adam", "Zając"),
              ("Łucja", "Żak"), ("Ćwirek", "Ćwik"), ("Cezary", "Cwalina")]  # fmt: skip
    for first_name, last_name in shuffled(people):
        UserFactory(first_name=first_name, last_name=last_name)
    names = [(u.last_name, u.first_name) for u in User.objects.all()]
    assert names == [("Cwalina", "Cezary"), ("Ćwik", "Ćwirek"), ("Lewandowska", "Ewa"),
                     ("Łęcka", "Anna"), ("Zając", "Adam"), ("Zając", "Żaneta"),
                     ("Żak", "Łucja")]  # fmt: skip

    person = User.objects.get(last_name="Cwalina")
    person.last_name = "Źrebiec"  # a change of surname through a service's update_fields
    person.save(update_fields=["last_name"])
    assert list(User.objects.values_list("last_name", flat=True))[-2:] == ["Źrebiec", "Żak"]


@pytest.mark.django_db
def test_the_paginated_member_cities_follow_polish_order_across_pages(
    client, monkeypatch, uncached_fragments
):
    monkeypatch.setattr("networks.views.MEMBER_CITIES_PER_PAGE", 5)
    network = NetworkFactory()
    for name in shuffled(CITIES_IN_ORDER):
        ParticipationFactory(network=network, city=CityFactory(name=name), role=Role.MEMBER)

    shown = []
    for page in (1, 2, 3, 4):
        response = client.get(reverse("networks:detail", args=[network.slug]), {"miasta": page})
        section = response.content.decode().split('class="city-list"')[1].split("</ul>")[0]
        shown += re.findall(r"<li>([^<]+?) <span", section)
    assert shown == CITIES_IN_ORDER


@pytest.mark.django_db
def test_erasing_an_account_erases_its_sort_key_too():
    """The key spells the name: it goes with it."""
    from accounts.personal_data import account_erase

    person = UserFactory(first_name="Łucja", last_name="Żak")
    assert person.sort_key
    account_erase(person=person)
    person.refresh_from_db()
    assert person.sort_key == ""
