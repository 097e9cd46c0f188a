"""Cached pages live in a bounded Redis of their own that drops the least recently used,
while the rate-limit counters of failed log-ins (and Celery's queue) stay in one that evicts
nothing: filling the page cache far beyond its memory drops old pages, never a limit."""

import json
import os
import shutil
import subprocess
import sys
import uuid

import pytest
import redis
from django.core.cache import caches
from django.urls import reverse

from tests.factories import PASSWORD, ProfileFactory
from tests.faults import RedisServer

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not shutil.which("redis-server"), reason="needs redis-server for a bounded page cache"
    ),
]
TOO_MANY = "Zbyt wiele nieudanych prób logowania"


def redis_cache(url, prefix):
    return {
        "BACKEND": "empirie.redis_cache.ForgivingRedisCache",
        "LOCATION": url,
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
        "KEY_PREFIX": f"{prefix}-{uuid.uuid4().hex}",
    }


@pytest.fixture
def two_redis(settings):
    """ "pages" on a 2 MB Redis evicting any key; "default" on REDIS_URL (or, without it, a
    Redis of the test's own) evicting none, as docker-compose.yml runs them."""
    pages = RedisServer("--maxmemory", "2mb", "--maxmemory-policy", "allkeys-lru").start()
    own_default = None
    if not os.environ.get("REDIS_URL"):
        own_default = RedisServer("--maxmemory-policy", "noeviction").start()
    default_url = os.environ.get("REDIS_URL") or own_default.url
    settings.CACHES = {
        "default": redis_cache(default_url, "counters"),
        "pages": redis_cache(pages.url, "pages"),
    }
    yield pages
    pages.stop()
    if own_default:
        own_default.stop()


def log_in(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_pages_are_evicted_while_failed_log_in_limits_hold(client, two_redis):
    profile = ProfileFactory()
    for _attempt in range(5):  # the limit: 5 failures per account in 5 minutes
        log_in(client, profile.user.email, "nope")
    assert TOO_MANY in log_in(client, profile.user.email, PASSWORD).content.decode()

    # Ten times the page cache's memory: 20 MB of pages that do not compress.
    page_cache = caches["pages"]
    for number in range(1000):
        page_cache.set(f"page:{number}", os.urandom(20_000), timeout=3600)
    assert redis.Redis.from_url(two_redis.url).info("stats")["evicted_keys"] > 0
    assert page_cache.get("page:999") is not None
    earliest = [page_cache.get(f"page:{number}") for number in range(100)]
    assert earliest == [None] * 100

    # The counters were not evicted: the right password is still refused for this account,
    # while another account (same address, not yet at its limit) logs in.
    response = log_in(client, profile.user.email, PASSWORD)
    assert TOO_MANY in response.content.decode() and "_auth_user_id" not in client.session
    other = ProfileFactory()
    assert log_in(client, other.user.email, PASSWORD).status_code == 302
    assert client.session["_auth_user_id"] == str(other.user.pk)


def cache_settings(**environment):
    """CACHES as the settings make them from this environment, in a fresh process."""
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.CACHES))"
    )
    keep = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "CACHE_REDIS_URL"}}
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True, text=True, check=True,
        env={**keep, "DJANGO_SETTINGS_MODULE": "empirie.settings.local", **environment},
    )  # fmt: skip
    return json.loads(result.stdout)


def test_pages_go_to_cache_redis_url_and_else_where_the_rest_goes():
    both = cache_settings(REDIS_URL="redis://queue:6379/0", CACHE_REDIS_URL="redis://pages:6379/0")
    assert both["default"]["LOCATION"] == "redis://queue:6379/0"
    assert both["pages"]["LOCATION"] == "redis://pages:6379/0"
    assert both["pages"]["BACKEND"] == both["default"]["BACKEND"]
    assert both["pages"]["OPTIONS"] == both["default"]["OPTIONS"]
    assert both["pages"]["KEY_PREFIX"] != both["default"]["KEY_PREFIX"]
    one = cache_settings(REDIS_URL="redis://queue:6379/0")
    assert one["pages"]["LOCATION"] == one["default"]["LOCATION"] == "redis://queue:6379/0"
    none = cache_settings()
    assert {alias["BACKEND"] for alias in none.values()} == {
        "django.core.cache.backends.locmem.LocMemCache"
    }
    assert none["pages"].get("LOCATION", "") != none["default"].get("LOCATION", "")
