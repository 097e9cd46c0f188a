"""The home and network pages run a fixed number of queries, however many rows they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from networks.access import closed_network_ids
from networks.choices import Role
from networks.selectors import network_ids_by_slug
from tests.factories import NetworkFactory, ParticipationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uncached_fragments")]


def queries_for(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def fill_network(network, members):
    ParticipationFactory(network=network, role=Role.COORDINATOR, city=None)
    ParticipationFactory(network=network, role=Role.EXPERT, city=None)
    for _ in range(members):
        ParticipationFactory(network=network)


def test_home_page_queries_do_not_grow_with_networks_or_cities(
    client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        fill_network(NetworkFactory(), members=1)
    few = queries_for(client, "/")
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(12):
            fill_network(NetworkFactory(), members=5)
    many = queries_for(client, "/")  # the cached list was dropped: counted again, once
    assert few == many <= 2
    with django_assert_num_queries(few - 1):
        response = client.get("/")  # from the cache
    assert len(response.context["networks"]) == 13


def test_the_cached_network_list_follows_memberships(client, django_capture_on_commit_callbacks):
    network = NetworkFactory()
    client.get("/")
    with django_capture_on_commit_callbacks(execute=True):
        ParticipationFactory(network=network)
    (shown,) = client.get("/").context["networks"]
    assert shown.member_city_count == 1
    with django_capture_on_commit_callbacks(execute=True):
        network.participations.get().delete()
    (shown,) = client.get("/").context["networks"]
    assert shown.member_city_count == 0


def test_network_page_queries_do_not_grow_with_members(client):
    small, large = NetworkFactory(), NetworkFactory()
    fill_network(small, members=1)
    fill_network(large, members=40)
    # Which networks are closed, and their slugs, are in the cache, as on any live portal.
    closed_network_ids()
    network_ids_by_slug()
    assert queries_for(client, reverse("networks:detail", args=[small.slug])) == queries_for(
        client, reverse("networks:detail", args=[large.slug])
    )
