"""The mixed benchmark's statistics pages (bench/mixed.py): the URLs it builds open, for the
person it sends, with a 200 (the benchmark itself is not run here)."""

import random

import pytest

from bench.mixed import own_pages, public_statistics
from tests.figures.world import build

pytestmark = pytest.mark.django_db


def test_the_benchmark_asks_for_statistics_pages_that_open(client):
    world = build()
    rng = random.Random(7)
    coordinator = world.people["coordinator T"]
    own = own_pages(coordinator, "coordinator", rng)
    statistics = [path for kind, path in own if kind == "own: statistics (coordinator)"]
    assert len(set(statistics)) == 3
    client.force_login(coordinator)
    for path in statistics:
        assert client.get(path).status_code == 200, path
    client.logout()
    networks = [network.pk for network in world.networks.values()]
    public = public_statistics(networks, rng)
    assert {kind for kind, _path in public} == {"statistics"}
    assert len({path for _kind, path in public}) >= 7
    for _kind, path in public:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.context["charts"], path  # the filters were valid: figures drawn
