"""An unreachable Redis makes pages slower, never broken: reads miss, writes are skipped, the
person's work is saved; and once Redis is back, nothing cached before the outage is read."""

import os
import uuid

import pytest
from django.urls import reverse

from empirie.cache import EPOCH_KEY, changed, versions
from empirie.redis_cache import ForgivingRedisCache
from tests.factories import ProfileFactory

REDIS_URL = os.environ.get("REDIS_URL")
NOBODY_LISTENS = "redis://127.0.0.1:9/0"  # the discard port: the connection is refused
pytestmark = pytest.mark.skipif(not REDIS_URL, reason="needs a real Redis (REDIS_URL)")


def backend(location):
    return ForgivingRedisCache(location, {"KEY_PREFIX": f"outage-{uuid.uuid4().hex}"})


def test_an_unreachable_redis_misses_and_skips():
    down = backend(NOBODY_LISTENS)
    assert down.get("anything", "default") == "default"
    assert down.get_many(["a", "b"]) == {}
    assert down.set("a", 1) is None and down.add("a", 1) is True  # a lock nobody holds
    with pytest.raises(ValueError):
        down.incr("a")
    # The batched operations of a first visit as well.
    assert down.add_many_then_get({"v1": 1, "v2": 2}) == {}
    assert down.set_each({"a": (1, 60)}) is None and down.incr_or_add(["v1"], 5) is None
    assert down.lost_touch


def test_batched_operations_keep_the_meaning_of_one_at_a_time():
    """What a first visit does in one round trip means what add, set and incr mean."""
    cache = backend(REDIS_URL)
    cache.set("taken", 7)
    # Added where missing, never overwritten; all read back.
    assert cache.add_many_then_get({"taken": 1, "new": 2}) == {"taken": 7, "new": 2}
    # Each with its own lifetime; no lifetime is nothing kept.
    cache.set_each({"day": ("copy", 86400), "minute": ("other", 60), "none": ("x", 0)})
    assert cache.get_many(["day", "minute", "none"]) == {"day": "copy", "minute": "other"}
    client = cache._cache.get_client()
    ttls = [client.ttl(cache.make_and_validate_key(key)) for key in ("day", "minute")]
    assert 86000 < ttls[0] <= 86400 and 0 < ttls[1] <= 60
    # A version moves on; a missing one becomes the new value, moved on.
    cache.incr_or_add(["taken"], 100)
    cache.incr_or_add(["missing"], 100)
    assert cache.get_many(["taken", "missing"]) == {"taken": 8, "missing": 101}
    cache.incr_or_add(["taken", "missing", "third"], 100)  # several, one round trip
    assert cache.get_many(["taken", "missing", "third"]) == {
        "taken": 9,
        "missing": 102,
        "third": 101,
    }


def test_back_from_an_outage_everything_cached_before_is_stale():
    cache = backend(REDIS_URL)
    cache.set("page", "old copy")
    epoch = cache.get(EPOCH_KEY)
    cache._servers = [NOBODY_LISTENS]  # Redis goes away
    del cache.__dict__["_cache"]
    assert cache.get("page") is None  # a change made now would be lost
    cache._servers = [REDIS_URL]  # and comes back
    del cache.__dict__["_cache"]
    assert cache.get("page") == "old copy"  # the value is there, but under the old epoch:
    assert cache.get(EPOCH_KEY) not in (None, epoch) and not cache.lost_touch


@pytest.mark.django_db
def test_pages_and_writes_work_while_redis_is_unreachable(client, settings):
    unreachable = {"BACKEND": "empirie.redis_cache.ForgivingRedisCache", "LOCATION": NOBODY_LISTENS}
    settings.CACHES = {"default": unreachable, "pages": {**unreachable, "KEY_PREFIX": "pages"}}
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    person = ProfileFactory().user
    client.force_login(person)
    assert client.get(reverse("desk:home")).status_code == 200
    assert client.get(reverse("practices:map")).status_code == 200
    changed("networks")  # lost, and harmless
    assert versions("networks") == "1.1"
    response = client.post(
        reverse("accounts:profile"),
        {"city": person.profile.city.pk, "function": person.profile.function,
         "email_mode": "digest"},
    )  # fmt: skip
    assert response.status_code == 302
    person.profile.refresh_from_db()
    assert person.profile.email_mode == "digest"
