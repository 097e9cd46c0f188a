"""The mixed benchmark's statistics pages (bench/mixed.py): the URLs it builds open, for the
person it sends, with a 200, on every section of both pages; thinned for the plan to as many
as before the sections (the benchmark itself is not run here)."""

import random
from urllib.parse import urlsplit

import pytest

from bench.mixed import one_section_each, own_pages, public_statistics
from figures.views import section_urls
from tests.figures.world import build

pytestmark = pytest.mark.django_db

STAFF = "own: statistics (coordinator)"


def sections_of(paths):
    return {urlsplit(path).path for path in paths}


def test_the_benchmark_asks_for_statistics_pages_that_open(client):
    world = build()
    rng = random.Random(7)
    coordinator = world.people["coordinator T"]
    own = own_pages(coordinator, "coordinator", rng)
    statistics = [path for kind, path in own if kind == STAFF]
    staff_sections = [path for _section, path in section_urls("staff")]
    assert len(set(statistics)) == 3 * len(staff_sections)  # each section, the same filters
    assert sections_of(statistics) == set(staff_sections)
    client.force_login(coordinator)
    for path in statistics:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.context["charts"], path
    client.logout()
    networks = [network.pk for network in world.networks.values()]
    public = public_statistics(networks, rng)
    public_sections = [path for _section, path in section_urls("public")]
    assert {kind for kind, _path in public} == {"statistics"}
    assert len({path for _kind, path in public}) >= 7 * len(public_sections)
    assert sections_of(path for _kind, path in public) == set(public_sections)
    for _kind, path in public:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.context["charts"], path  # the filters were valid: figures drawn


def test_the_plan_keeps_the_statistics_share_across_the_sections(db):
    world = build()
    rng = random.Random(7)
    networks = [network.pk for network in world.networks.values()]
    public = public_statistics(networks, rng)
    others = [("home", "/")]
    kept = one_section_each(others + public, "statistics", rng)
    assert kept[:1] == others
    thinned = [path for _kind, path in kept[1:]]
    sections = len(section_urls("public"))
    assert len(thinned) == len(public) // sections  # a filters' variation each, as before
    assert len({urlsplit(path).query for path in thinned}) == len(thinned)
    assert sections_of(thinned) == {path for _section, path in section_urls("public")}
    coordinators = [world.people["coordinator T"], world.people["coordinator L"]]
    own = [(kind, path, person) for person in coordinators
           for kind, path in own_pages(person, "coordinator", rng)]  # fmt: skip
    kept = one_section_each(own, STAFF, rng)
    assert [entry for entry in kept if entry[0] != STAFF] == [e for e in own if e[0] != STAFF]
    staff = [entry for entry in kept if entry[0] == STAFF]
    assert len(staff) == len([e for e in own if e[0] == STAFF]) // len(section_urls("staff"))
    for person in coordinators:  # each person's own variations, one section each
        assert len([e for e in staff if e[2] == person]) == 3


def test_the_benchmark_times_the_attendance_of_every_network_a_coordinator_runs(client):
    world = build()
    coordinator = world.people["coordinator T"]
    attendance = [path for kind, path in own_pages(coordinator, "coordinator", random.Random(7))
                  if kind == "own: attendance of cities"]  # fmt: skip
    runs = coordinator.participations.filter(role="coordinator", status="accepted")
    assert len(attendance) == runs.count() >= 1
    client.force_login(coordinator)
    for path in attendance:
        assert client.get(path).status_code == 200, path
