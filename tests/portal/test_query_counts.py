"""The home and network pages run a fixed number of queries, however many rows they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from networks.choices import Role
from tests.factories import NetworkFactory, ParticipationFactory

pytestmark = pytest.mark.django_db


def queries_for(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def fill_network(network, members):
    ParticipationFactory(network=network, role=Role.COORDINATOR, city=None)
    ParticipationFactory(network=network, role=Role.EXPERT, city=None)
    for _ in range(members):
        ParticipationFactory(network=network)


def test_home_page_queries_do_not_grow_with_networks_or_cities(client, django_assert_num_queries):
    fill_network(NetworkFactory(), members=1)
    few = queries_for(client, "/")
    for _ in range(12):
        fill_network(NetworkFactory(), members=5)
    many = queries_for(client, "/")
    assert few == many
    with django_assert_num_queries(few):
        client.get("/")
    assert few <= 2


def test_network_page_queries_do_not_grow_with_members(client):
    small, large = NetworkFactory(), NetworkFactory()
    fill_network(small, members=1)
    fill_network(large, members=40)
    assert queries_for(client, reverse("networks:detail", args=[small.slug])) == queries_for(
        client, reverse("networks:detail", args=[large.slug])
    )
