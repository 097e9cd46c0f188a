"""/healthz reports the database and, when configured, Redis, over real connections;
/healthz/ready adds the Celery workers (a real worker process answering a ping) and beat (its
heartbeat)."""

import logging
import os
import socket
import time

import pytest
from django.core.cache import caches

from empirie.celery import app as celery_app
from empirie.tasks import HEARTBEAT_KEY, beat_heartbeat
from tests.faults import RedisServer, Worker, queue_on, wait_for

pytestmark = pytest.mark.django_db

LOCAL_REDIS = "redis://127.0.0.1:6379/15"


def closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_healthy_without_redis(client, settings):
    settings.REDIS_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "redis": "not configured"}


def test_healthy_with_a_reachable_redis(client, settings):
    settings.REDIS_URL = LOCAL_REDIS
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"]["redis"] == "ok"


def test_unhealthy_when_redis_does_not_answer(client, settings):
    settings.REDIS_URL = f"redis://127.0.0.1:{closed_port()}/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "failing",
        "checks": {"database": "ok", "redis": "failing"},
    }


def test_healthz_is_never_cached(client):
    assert "no-cache" in client.get("/healthz")["Cache-Control"]


def test_ready_in_eager_mode_has_no_workers_or_beat_to_wait_for(client):
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True  # as without REDIS_URL
    try:
        response = client.get("/healthz/ready")
    finally:
        celery_app.conf.task_always_eager = eager
    assert response.status_code == 200
    assert response.json()["checks"]["workers"] == response.json()["checks"]["beat"] == "eager"
    assert "no-cache" in response["Cache-Control"]


def test_the_heartbeat_is_scheduled_every_minute(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["beat-heartbeat"]
    assert entry["task"] == beat_heartbeat.name == "empirie.tasks.beat_heartbeat"
    assert entry["schedule"].total_seconds() == settings.BEAT_HEARTBEAT_SECONDS == 60


@pytest.fixture
def broker(settings):
    """A Redis of the test's own as Celery's broker: no worker of another test answers its
    pings."""
    server = RedisServer().start()
    settings.REDIS_URL = server.url
    with queue_on(server.url):
        yield server
    server.stop()


def ready(client):
    response = client.get("/healthz/ready")
    return response.status_code, response.json()


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs Redis (REDIS_URL)")
def test_ready_asks_a_real_worker_and_beats_heartbeat(client, settings, broker, tmp_path):
    settings.HEALTH_PING_TIMEOUT = 2.0
    started = time.monotonic()
    status, body = ready(client)
    assert time.monotonic() - started < 5  # the ping's wait, not Celery's retries
    assert status == 503
    assert body["status"] == "failing"
    assert body["checks"] == {
        "database": "ok", "redis": "ok", "workers": "failing", "beat": "failing"
    }  # fmt: skip
    worker = Worker(broker.url, tmp_path).start()
    try:
        wait_for(lambda: ready(client)[1]["checks"]["workers"] == "ok", 60, "the worker's pong")
        assert ready(client)[0] == 503  # beat has not been heard of yet
        beat_heartbeat.apply()
        status, body = ready(client)
        assert (status, body["checks"]["beat"]) == (200, "ok"), body
        assert body["beat_heartbeat_age_seconds"] < 60
        # Two periods without a heartbeat: beat (or its worker) has stopped.
        caches["default"].set(HEARTBEAT_KEY, time.time() - 2 * 60 - 5, timeout=None)
        status, body = ready(client)
        assert (status, body["checks"]["beat"], body["checks"]["workers"]) == (
            503, "failing", "ok"
        )  # fmt: skip
        caches["default"].set(HEARTBEAT_KEY, time.time() - 2 * 60 + 10, timeout=None)
        assert ready(client)[0] == 200
    finally:
        worker.stop()
    assert ready(client)[1]["checks"]["workers"] == "failing"


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs Redis (REDIS_URL)")
def test_ready_fails_at_once_when_the_broker_is_away(client, settings):
    url = f"redis://127.0.0.1:{closed_port()}/0"
    settings.REDIS_URL = url
    with queue_on(url):
        started = time.monotonic()
        status, body = ready(client)
    assert time.monotonic() - started < 3
    assert status == 503
    assert body["checks"]["redis"] == body["checks"]["workers"] == "failing"


def test_a_failing_probe_is_not_mailed_to_the_administrators(client, settings, mailoutbox):
    """Django logs each 503 on django.request at ERROR, which ADMINS get by e-mail: a monitor
    probing every 15 seconds would flood them. The request log line is enough."""
    settings.DEBUG = False
    settings.ADMINS = [("Dyżurny", "dyzurny@example.org")]
    settings.REDIS_URL = f"redis://127.0.0.1:{closed_port()}/0"
    for _ in range(3):
        assert client.get("/healthz").status_code == 503
    assert [m for m in mailoutbox if "dyzurny@example.org" in m.to] == []
    # Any other page's 5xx still reaches them.
    logging.getLogger("django.request").error(
        "Internal Server Error: %s", "/sieci/", extra={"status_code": 500}
    )
    assert [m.to for m in mailoutbox] == [["dyzurny@example.org"]]
