import time
import uuid

import pytest
from django.conf import settings as django_settings
from django.utils import translation

from empirie.celery import app as celery_app


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the portal's own language, whatever the one before it visited (a
    request to /en/… leaves English active in the thread)."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def own_cache_namespace(settings):
    """Rate-limit counters and cached pages of one test never reach another."""
    caches = {name: dict(config) for name, config in django_settings.CACHES.items()}
    caches["default"]["KEY_PREFIX"] = f"empirie-test-{uuid.uuid4().hex}"
    caches["pages"]["KEY_PREFIX"] = f"empirie-test-pages-{uuid.uuid4().hex}"
    settings.CACHES = caches


@pytest.fixture
def uncached_fragments(settings):
    """Pages without {% cached_fragment %}: query counts then measure a page's full work."""
    settings.CACHED_FRAGMENTS = False


@pytest.fixture
def celery_worker():
    """A real Celery worker on the real broker when REDIS_URL is set; eager mode otherwise.
    One per test that asks for it: a worker left running would take the tasks later tests
    queue and run them against another test's rows, or while that test's tables are being
    emptied. What earlier tests queued is dropped first, for the same reason."""
    if celery_app.conf.task_always_eager:
        yield None
        return
    from celery.contrib.testing.worker import start_worker

    celery_app.control.purge()
    with start_worker(
        celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10
    ) as worker:
        yield worker


def wait_for(condition, timeout=15.0, interval=0.05):
    """Poll until condition() is true; work done by the worker thread arrives a little later."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return condition()


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """Static files collected once a run, for the tests that run servers with the production
    settings (they serve them by their hashed names)."""
    from tests.servers import collect_static

    root = tmp_path_factory.mktemp("static")
    collect_static(root)
    return root
