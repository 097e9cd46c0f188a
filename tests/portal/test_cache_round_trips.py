"""A first visit costs few round trips to Redis: the versions it creates are added in one, the
copies it makes are kept in one as the request ends, and a visit to a network's inside asks
Redis at most once per window in each process."""

import os

import pytest
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone

from empirie.cache import cached, copies_store, request_scope, versions
from empirie.redis_cache import ForgivingRedisCache
from networks import services
from networks.models import Participation
from tests.factories import NetworkFactory, ParticipationFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs a real Redis (REDIS_URL)"),
]


def counting(monkeypatch, *names):
    calls = []
    for name in names:
        original = getattr(ForgivingRedisCache, name)

        def counted(self, *args, _name=name, _original=original, **kwargs):
            calls.append((self, _name, args[0] if args else None))
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(ForgivingRedisCache, name, counted)
    return calls


def test_a_first_visit_keeps_its_new_copies_in_one_round_trip(client, monkeypatch):
    network = NetworkFactory()
    member = ParticipationFactory(network=network).person
    client.force_login(member)
    caches["pages"].clear()
    calls = counting(monkeypatch, "set", "set_each", "add", "add_many_then_get")
    assert client.get(reverse("networks:inside", args=[network.slug])).status_code == 200
    pages = caches["pages"]
    assert [name for store, name, _ in calls if store is pages] == ["set_each"]
    # The page's fragments and the person's values are all in it.
    kept = next(args for store, name, args in calls if name == "set_each")
    assert sum(key.startswith("fragment:") for key in kept) == 2
    # Versions are added all at once; the only single add is the visit's.
    singles = [key for store, name, key in calls if name == "add"]
    assert singles == [f"inside-visit:{member.pk}:{network.pk}"]


def test_a_value_made_in_a_request_is_read_again_from_it_and_kept_as_it_ends():
    made = []

    def compute():
        made.append(1)
        return ["rows"]

    with request_scope():
        assert cached("portal", "key", compute) == ["rows"]
        assert cached("portal", "key", compute) == ["rows"]
        key = f"portal:{versions('portal')}:key"
        assert copies_store().get(key) is None  # not yet stored
    assert made == [1]
    assert copies_store().get(key) == ["rows"]


def test_an_inside_visit_is_written_once_per_window_and_asks_redis_once_per_process(
    monkeypatch, django_assert_num_queries
):
    participation = ParticipationFactory()
    person_id, network_id = participation.person_id, participation.network_id
    monkeypatch.setattr(services, "_visits_decided", {})
    calls = counting(monkeypatch, "add")
    with django_assert_num_queries(1):  # the write, not waiting for the disk, in one statement
        services.inside_visited(person_id=person_id, network_id=network_id)
    seen = Participation.objects.get(pk=participation.pk).inside_seen_at
    assert seen is not None and timezone.now() - seen < timezone.timedelta(minutes=1)
    services.inside_visited(person_id=person_id, network_id=network_id)
    assert len(calls) == 1  # the process remembers the window
    # Another process (one that forgets) asks Redis, which keeps the window for all.
    monkeypatch.setattr(services, "_visits_decided", {})
    services.inside_visited(person_id=person_id, network_id=network_id)
    assert len(calls) == 2
    assert Participation.objects.get(pk=participation.pk).inside_seen_at == seen


def test_a_process_only_value_never_reaches_the_shared_cache():
    """cached(..., process_only=True): the map's city places, computed once per process per
    version of their family, and neither sent to nor read from Redis."""
    from empirie.cache import changed

    computed = []

    def compute():
        computed.append(1)
        return {"places": len(computed)}

    def read():
        with request_scope():
            value = cached("portal", "only-here", compute, in_process=True, process_only=True)
            return value, versions("portal")

    first, version = read()
    assert read()[0] == first and len(computed) == 1  # from the process's copy
    assert copies_store().get(f"portal:{version}:only-here") is None
    changed("portal")
    assert read()[0] == {"places": 2}  # a change of a city: computed again
