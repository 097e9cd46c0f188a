"""Structured logs: one JSON line per request and per Celery task, tied together by a request
id that comes in (or is made) with a request, goes back in its X-Request-ID header and travels
with the tasks it starts (a message header), so that a task's line names the request it
served. The database's share (queries, milliseconds) is counted by a wrapper around the
connection's execute (no DEBUG needed)."""

import contextlib
import datetime as dt
import json
import logging
import re
import sys
import threading
import time
import uuid
from contextvars import ContextVar
from urllib.parse import unquote_plus

from celery import signals
from celery.exceptions import Retry
from django.db import connections
from django.http import HttpRequest

request_log = logging.getLogger("empirie.requests")
task_log = logging.getLogger("empirie.tasks")

# The id of the request (or of the task that request started) being served here.
current_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)

HEADER = "X-Request-ID"
# The Celery message header that carries the id to the worker.
TASK_HEADER = "empirie_request_id"
# An incoming id is kept when it is a plain token (a proxy's or a client's), never copied
# into the logs or the answer when it could carry anything else (line breaks, markup).
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")
# URL arguments that are secrets (calendar feeds, confirmation and reset links): their values
# are logged as the argument's name, never as they are.
SECRET_URL_ARGUMENTS = frozenset({"token", "key", "uidb36", "uidb64", "signature"})


def request_id_from(value: str | None) -> str:
    if value and SANE_REQUEST_ID.fullmatch(value):
        return value
    return uuid.uuid4().hex


class DatabaseTime:
    """Counts the queries run through the connections, and their time, while it is on."""

    def __init__(self):
        self.queries = 0
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.queries += 1

    def counting(self) -> contextlib.ExitStack:
        stack = contextlib.ExitStack()
        for alias in connections:
            stack.enter_context(connections[alias].execute_wrapper(self))
        return stack

    def fields(self) -> dict:
        return {"db_queries": self.queries, "db_ms": round(self.seconds * 1000, 2)}


def logged_path(request) -> str:
    """The path without its query, and secret URL arguments replaced by their names: each as a
    whole (never inside another word, as a reset link's one-letter uidb36 would be), the
    longest first."""
    path = request.path
    match = getattr(request, "resolver_match", None)
    if match is None:
        return path
    secrets = sorted(
        ((name, str(value)) for name, value in match.kwargs.items()
         if name in SECRET_URL_ARGUMENTS and str(value)),
        key=lambda secret: -len(secret[1]),
    )  # fmt: skip
    for name, value in secrets:
        whole = re.compile(rf"(?<![A-Za-z0-9]){re.escape(value)}(?![A-Za-z0-9])")
        path = whole.sub(lambda _found, name=name: f"<{name}>", path)
    return path


def query_keys(request) -> list[str]:
    """The names of the query's parameters, never their values (searches, e-mail addresses);
    read from the query string itself, which no query of too many fields makes fail here."""
    query = request.META.get("QUERY_STRING", "")
    names = {unquote_plus(part.split("=", 1)[0]) for part in query.split("&") if part}
    return sorted(names)[:50]


def user_id_of(request):
    user = getattr(request, "user", None)
    try:
        return user.pk if user is not None and user.is_authenticated else None
    except Exception:  # noqa: BLE001 - a session that cannot be read (the database away)
        return None


class RequestLogMiddleware:
    """The outermost middleware: takes or makes the request id, counts the database's work,
    and writes the request's line when the answer is ready."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request_id_from(request.headers.get(HEADER))
        request.request_id = request_id
        token = current_request_id.set(request_id)
        database = DatabaseTime()
        started = time.perf_counter()
        response = None
        try:
            with database.counting():
                response = self.get_response(request)
            response[HEADER] = request_id
            return response
        finally:
            duration = time.perf_counter() - started
            fields = {
                "request_id": request_id,
                "method": request.method,
                "path": logged_path(request),
                "query_keys": query_keys(request),
                "status": response.status_code if response is not None else 500,
                "duration_ms": round(duration * 1000, 2),
                "user_id": user_id_of(request),
                **database.fields(),
            }
            request_log.info(
                "%s %s %s", fields["method"], fields["path"], fields["status"], extra=fields
            )
            current_request_id.reset(token)


# Tasks


@signals.before_task_publish.connect
def _pass_the_request_id(headers=None, **kwargs):
    request_id = current_request_id.get()
    if request_id is not None and headers is not None:
        headers.setdefault(TASK_HEADER, request_id)


class _Running(threading.local):
    def __init__(self):
        self.tasks = {}  # task id -> what its line needs (eager tasks may nest)


_running = _Running()


@signals.task_prerun.connect
def _task_started(task_id=None, task=None, **kwargs):
    # From the message's header on a worker; run eagerly, the caller's own id is still current.
    request_id = getattr(task.request, TASK_HEADER, None) or current_request_id.get()
    database = DatabaseTime()
    stack = database.counting()
    _running.tasks[task_id] = {
        "task": task,
        "request_id": request_id,
        "token": current_request_id.set(request_id),
        "database": database,
        "stack": stack,
        "started": time.perf_counter(),
    }


OUTCOMES = {"SUCCESS": "success", "FAILURE": "failure", "RETRY": "retry"}


@signals.task_postrun.connect
def _task_finished(task_id=None, state=None, **kwargs):
    running = _running.tasks.pop(task_id, None)
    if running is None:
        return
    duration = time.perf_counter() - running["started"]
    running["stack"].close()
    if state is None:
        # Run eagerly with errors propagating, a task that raised ends with no state.
        state = "RETRY" if isinstance(sys.exc_info()[1], Retry) else "FAILURE"
    task = running["task"]
    fields = {
        "request_id": running["request_id"],
        "task": task.name,
        "task_id": task_id,
        "outcome": OUTCOMES.get(state, str(state).lower()),
        "retries": task.request.retries or 0,
        "duration_ms": round(duration * 1000, 2),
        **running["database"].fields(),
    }
    task_log.info("%s %s", fields["task"], fields["outcome"], extra=fields)
    with contextlib.suppress(ValueError):  # a token of another context (never expected)
        current_request_id.reset(running["token"])


# Formatting


class RequestIdFilter(logging.Filter):
    """Every line written while a request or task is served names its request id."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            # Django's django.request lines (4xx, 5xx) are written after the middleware is
            # done, with the request at hand.
            request = getattr(record, "request", None)
            record.request_id = getattr(request, "request_id", None) or current_request_id.get()
        return True


class SecretPathFilter(logging.Filter):
    """Django's own lines about a request ("Not Found: /zaproszenie/…/") name its path as the
    request log does: secret URL arguments (tokens, keys) replaced by their names."""

    def filter(self, record):
        request = getattr(record, "request", None)
        if request is not None and isinstance(record.args, tuple) and hasattr(request, "path"):
            record.args = tuple(
                logged_path(request) if arg == request.path else arg for arg in record.args
            )
        return True


class QuietHealthChecksFilter(logging.Filter):
    """A monitor's probe of /healthz or /healthz/ready that answers 503 is what the probe is
    for, not an error to log again or e-mail to ADMINS every 15 seconds per web server: the
    request log line says it."""

    def filter(self, record):
        request = getattr(record, "request", None)
        return not (
            record.name == "django.request" and getattr(request, "path", "").startswith("/healthz")
        )


# What every LogRecord has; anything else on a record came in `extra` and is a field.
STANDARD_ATTRIBUTES = frozenset(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {
    "message",
    "asctime",
    "taskName",
}


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC), level, logger, message, the extra fields, and the
    traceback when there is one."""

    def format(self, record):
        line = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name, value in record.__dict__.items():
            # Not django.request's request itself: its text has the query's values.
            if (
                name in STANDARD_ATTRIBUTES
                or name.startswith("_")
                or isinstance(value, HttpRequest)
            ):
                continue
            line[name] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps(line, ensure_ascii=False, default=str)
