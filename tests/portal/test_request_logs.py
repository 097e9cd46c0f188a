"""One JSON line per request and per Celery task, tied by the request id (empirie/logs.py)."""

import contextlib
import json
import logging
import re

import pytest
from celery.exceptions import Retry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import OutgoingEmail
from empirie.celery import app as celery_app
from empirie.logs import JsonFormatter, RequestIdFilter, SecretPathFilter, current_request_id
from meetings import services as meeting_services
from tests.conftest import wait_for
from tests.factories import ProfileFactory

HEX_ID = re.compile(r"[0-9a-f]{32}")


@pytest.fixture
def logs(caplog):
    caplog.set_level(logging.INFO, logger="empirie")
    return caplog


def request_lines(caplog):
    return [r for r in caplog.records if r.name == "empirie.requests"]


def task_lines(caplog, name=None):
    return [r for r in caplog.records if r.name == "empirie.tasks" and name in (None, r.task)]


def as_json(record) -> dict:
    RequestIdFilter().filter(record)
    return json.loads(JsonFormatter().format(record))


@pytest.mark.django_db
def test_a_request_writes_one_line_with_its_fields_and_no_query_values(client, logs):
    person = ProfileFactory().user
    client.force_login(person)
    logs.clear()
    url = reverse("search:everything")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"q": "jan.kowalski@example.org", "strona": "2"})
    assert response.status_code == 200
    [record] = request_lines(logs)
    line = as_json(record)
    assert line["request_id"] == response["X-Request-ID"]
    assert HEX_ID.fullmatch(line["request_id"])
    assert line["method"] == "GET"
    assert line["path"] == url
    assert line["query_keys"] == ["q", "strona"]
    assert line["status"] == 200
    assert line["user_id"] == person.pk
    assert line["duration_ms"] > 0
    # Every query the request ran, counted without DEBUG.
    assert line["db_queries"] == len(queries) > 0
    assert line["db_ms"] > 0
    assert line["level"] == "INFO" and line["logger"] == "empirie.requests"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", line["time"])
    text = json.dumps(line)
    assert "kowalski" not in text and "example.org" not in text


@pytest.mark.django_db
def test_a_visitor_has_no_user_id_and_an_error_is_logged_with_its_status(client, logs):
    response = client.get("/nie-ma-takiej-strony/")
    [record] = request_lines(logs)
    assert record.status == response.status_code == 404
    assert record.user_id is None


@pytest.mark.django_db
def test_a_secret_in_the_address_is_logged_as_its_name(client, logs):
    person = ProfileFactory().user
    token = meeting_services.calendar_feed_renew(person=person).token
    url = reverse("meetings:calendar_feed", kwargs={"token": token})
    assert client.get(url).status_code == 200
    [record] = request_lines(logs)
    assert token not in json.dumps(as_json(record))
    assert record.path == url.replace(token, "<token>")


@pytest.mark.parametrize(
    ("incoming", "kept"),
    [
        ("3f1c2a9e-7b4d-4e0a-9c1b-2d3e4f5a6b7c", True),
        ("nginx.0123456789abcdef", True),
        ("x" * 129, False),
        ("<script>alert(1)</script>", False),
        ("abc def", False),
        ("", False),
    ],
)
@pytest.mark.django_db
def test_an_incoming_request_id_is_kept_only_when_it_is_a_plain_token(client, logs, incoming, kept):
    response = client.get("/healthz", headers={"X-Request-ID": incoming})
    [record] = request_lines(logs)
    assert record.request_id == response["X-Request-ID"]
    if kept:
        assert response["X-Request-ID"] == incoming
    else:
        assert HEX_ID.fullmatch(response["X-Request-ID"])


@pytest.mark.django_db
def test_every_line_written_during_a_request_names_its_request_id(client, logs):
    seen = []

    class Keep(logging.Handler):
        def emit(self, record):
            seen.append(as_json(record))

    handler = Keep()
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        response = client.get("/nie-ma-takiej-strony/")  # django.request warns of a 404
    finally:
        logger.removeHandler(handler)
    assert seen and {line["request_id"] for line in seen} == {response["X-Request-ID"]}
    assert current_request_id.get() is None  # nothing left behind for the next request


@pytest.mark.django_db(transaction=True)  # the task is queued when the request's work commits
def test_a_task_started_by_a_request_logs_the_same_request_id(client, logs, celery_worker):
    """Eagerly (no REDIS_URL) and through a real broker and worker (REDIS_URL set)."""
    person = ProfileFactory().user
    response = client.post(
        reverse("account_reset_password"),
        {"email": person.email},
        headers={"X-Request-ID": "reset-0123456789"},
    )
    assert response.status_code == 302
    assert response["X-Request-ID"] == "reset-0123456789"
    assert OutgoingEmail.objects.filter(to=[person.email]).exists()
    assert wait_for(lambda: task_lines(logs, "accounts.tasks.send_email"))
    [record] = task_lines(logs, "accounts.tasks.send_email")
    line = as_json(record)
    assert line["request_id"] == "reset-0123456789"
    assert line["outcome"] == "success"
    assert line["task_id"] and line["duration_ms"] > 0
    assert line["db_queries"] > 0 and line["db_ms"] > 0
    assert line["retries"] == 0


@celery_app.task(name="tests.portal.succeeds")
def succeeds():
    return 1


@celery_app.task(name="tests.portal.fails")
def fails():
    raise ValueError("on purpose")


@celery_app.task(name="tests.portal.retries_once", bind=True, max_retries=1)
def retries_once(self):
    if not self.request.retries:
        raise self.retry(countdown=0)


@pytest.mark.django_db
def test_each_task_logs_its_outcome(logs):
    succeeds.apply()
    with pytest.raises(ValueError, match="on purpose"):
        fails.apply()
    with contextlib.suppress(Retry):
        retries_once.apply()
    outcomes = {(r.task, r.outcome, r.retries) for r in task_lines(logs)}
    assert outcomes == {
        ("tests.portal.succeeds", "success", 0),
        ("tests.portal.fails", "failure", 0),
        ("tests.portal.retries_once", "retry", 0),
    }
    assert all(r.request_id is None for r in task_lines(logs))  # no request started them


def test_the_json_formatter_writes_the_traceback():
    try:
        raise RuntimeError("broken")
    except RuntimeError:
        record = logging.getLogger("x").makeRecord(
            "x", logging.ERROR, __file__, 1, "failed %s", ("here",), __import__("sys").exc_info()
        )
    line = as_json(record)
    assert line["message"] == "failed here"
    assert "RuntimeError: broken" in line["exception"]
    assert line["request_id"] is None


@pytest.mark.django_db
def test_a_password_reset_link_is_logged_with_both_its_parts_masked(client, logs):
    """allauth's reset path holds a short uidb36 ("4") and a key with dashes: each is masked
    as a whole, so no "4" elsewhere is touched and the key never shows."""
    path = "/konto/password/reset/key/4-dj67in-254d4b43658f45418c10ae278b26061e/"
    client.get(path)
    [record] = request_lines(logs)
    assert record.path == "/konto/password/reset/key/<uidb36>-<key>/"
    assert "dj67in" not in json.dumps(as_json(record))


@pytest.mark.django_db
def test_djangos_own_line_about_a_missing_page_masks_the_secret_too(client, caplog):
    caplog.set_level(logging.WARNING, logger="django.request")
    token = "SECRETTOKEN123abc"
    assert client.get(f"/zaproszenie/{token}/").status_code == 404
    [record] = [r for r in caplog.records if r.name == "django.request"]
    SecretPathFilter().filter(record)
    assert token not in record.getMessage()
    assert record.getMessage() == "Not Found: /zaproszenie/<token>/"
