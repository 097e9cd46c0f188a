"""The database itself refuses cities that break the register's rules."""

import pytest
from django.db import IntegrityError, transaction

from tests.factories import CityFactory

pytestmark = pytest.mark.django_db


def refused(**fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        CityFactory(**fields)


def test_a_valid_city_is_saved():
    city = CityFactory(latitude="49.96902", longitude="20.43004")
    assert city.pk and str(city) == city.name


def test_postal_code_must_look_like_nn_nnn():
    refused(postal_code="32700")


def test_unit_type_and_voivodeship_must_be_known():
    refused(unit_type="metropolia")
    refused(voivodeship="bawaria")


def test_coordinates_must_be_in_range():
    refused(latitude="91", longitude="20")
    refused(latitude="50", longitude="181")


def test_coordinates_come_in_pairs():
    refused(latitude="50", longitude=None)


def test_name_is_unique_within_a_county():
    CityFactory(name="Nowe Miasto", county="płoński")
    refused(name="Nowe Miasto", county="płoński")
    CityFactory(name="Nowe Miasto", county="nowomiejski")


def test_population_cannot_be_negative():
    refused(population=-1)
