import time
import uuid

import pytest
from django.conf import settings as django_settings
from django.utils import translation

from empirie.celery import app as celery_app

# The longest tests that run in a transaction (not transactional_db, not live_server), longest
# first (pytest --durations): with pytest-xdist each test process starts its share of the
# suite with some of them, so that none is left to run alone at the end while the other
# process has nothing to do.
LONGEST_FIRST = [
    "tests/portal/test_hostile_input.py::test_hostile_query_parameters_never_break_a_page",
    "tests/portal/test_query_ceilings.py::test_main_pages_stay_under_the_ceiling_whatever_the_data",
    "tests/portal/test_hostile_input.py::test_the_coordinator_posting_hostile_data_gets_reasons_not_errors",
    "tests/portal/test_closure_canary.py::test_nothing_of_a_closed_network_reaches_anyone_who_may_not_see_it",
    "tests/portal/test_hostile_input.py::test_hostile_forms_never_break_and_outsiders_change_nothing",
    "tests/portal/test_url_arguments.py::test_control_characters_in_url_arguments_are_never_a_500",
]


def _transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    return bool(
        {"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ()))
        or (marker is not None and marker.kwargs.get("transaction"))
    )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """In each xdist worker (all collect the same order): the longest tests dealt out in turn to
    the start of each process's first share. xdist's worksteal hands out the collection in
    contiguous shares, one a process, and steals from a share's end. A share that would start
    among the tests pytest-django puts last (transactional ones: their flush empties what the
    migrations wrote) gets none."""
    workers = getattr(config, "workerinput", {}).get("workercount", 1)
    if workers < 2:
        return
    rank = {name: number for number, name in enumerate(LONGEST_FIRST)}

    def ranked(item):
        return item.nodeid.split("[")[0] in rank and not _transactional(item)

    longest = sorted(filter(ranked, items), key=lambda item: rank[item.nodeid.split("[")[0]])
    rest = [item for item in items if not ranked(item)]
    in_transaction = next(
        (number for number, item in enumerate(rest) if _transactional(item)), len(rest)
    )
    starts, remaining = [], len(items)
    for worker in range(workers):
        share = remaining // (workers - worker)  # as worksteal deals out the first shares
        starts.append(len(items) - remaining)
        remaining -= share
    usable = [start for start in starts if start <= in_transaction] or [0]
    dealt = {start: longest[number :: len(usable)] for number, start in enumerate(usable)}
    # Each share begins where worksteal cuts it: the others fill up to each start.
    ordered, others = [], list(reversed(rest))
    for start in starts:
        while len(ordered) < start and others:
            ordered.append(others.pop())
        ordered += dealt.get(start, [])
    ordered += reversed(others)
    items[:] = ordered


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
