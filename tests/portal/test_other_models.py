"""Meetings, practices and profiles: the constraints the database holds for them."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.choices import FunctionStatus
from meetings.models import Meeting
from practices.models import Category, Practice
from tests.factories import CityFactory, NetworkFactory, ProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_meeting_ends_after_it_starts():
    start = timezone.now()
    network = NetworkFactory()
    Meeting.objects.create(
        network=network,
        topic="OK",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        venue_address="Rynek 1",
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(
            network=network, topic="Źle", starts_at=start, ends_at=start, venue_address="Rynek 1"
        )


def test_a_meeting_format_must_be_known():
    start = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(
            network=NetworkFactory(),
            topic="X",
            starts_at=start,
            ends_at=start + dt.timedelta(hours=1),
            format="telepathy",
        )


def test_category_names_are_unique_under_one_parent():
    parent = Category.objects.create(name="Rozwój instytucjonalny", slug="ri")
    Category.objects.create(name="Partnerstwo", slug="p1", parent=parent)
    with pytest.raises(IntegrityError), transaction.atomic():
        Category.objects.create(name="Partnerstwo", slug="p2", parent=parent)
    with pytest.raises(IntegrityError), transaction.atomic():
        Category.objects.create(name="Rozwój instytucjonalny", slug="ri2")


def test_practice_status_and_postal_code_are_checked():
    category = Category.objects.create(name="Usługi społeczne", slug="us")
    fields = {"title": "T", "category": category, "city": CityFactory(), "summary": "S"}
    Practice.objects.create(slug="ok", postal_code="32-700", **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Practice.objects.create(slug="zly-kod", postal_code="ABCDEF", **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Practice.objects.create(slug="zly-status", status="archived", **fields)


def test_a_function_decision_is_dated():
    with pytest.raises(IntegrityError), transaction.atomic():
        ProfileFactory(function_status=FunctionStatus.VERIFIED, function_verified_at=None)
    assert ProfileFactory(verified=True).function_verified_at


def test_e_mail_is_unique_whatever_its_case():
    UserFactory(email="Burmistrz@Example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(email="burmistrz@example.org")
