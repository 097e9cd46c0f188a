"""The portal's own pages: the home page and the health checks."""

import datetime
import sys
import time

import psycopg
import redis
from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import RedirectView, TemplateView

from networks.selectors import network_list_cached

from .middleware import is_api


class HomeView(TemplateView):
    """The public home; anyone logged in has their desk as home instead."""

    template_name = "home.html"

    def get(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return redirect("desk:home")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["networks"] = network_list_cached()
        return context


class PrivacyNoticeView(TemplateView):
    """The klauzula informacyjna RODO: who processes whose data, why, and the person's rights."""

    template_name = "privacy_notice.html"

    def get_context_data(self, **kwargs):
        # The retention periods as the beat tasks apply them (accounts.retention,
        # audit.retention): whole years when the audit's period is one.
        audit_years, audit_days = divmod(settings.AUDIT_RETENTION_DAYS, 365)
        return super().get_context_data(
            controller=settings.PRIVACY_CONTROLLER,
            contact_email=settings.PRIVACY_CONTACT_EMAIL,
            session_days=max(1, settings.SESSION_COOKIE_AGE // 86400),
            audit_years=audit_years if not audit_days else None,
            audit_days=settings.AUDIT_RETENTION_DAYS,
            **kwargs,
        )


class AccessibilityStatementView(TemplateView):
    """The deklaracja dostępności that Polish public bodies publish for each site."""

    template_name = "accessibility_statement.html"
    extra_context = {
        "published": datetime.date(2026, 11, 23),
        "updated": datetime.date(2026, 11, 23),
    }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["contact_email"] = settings.ACCESSIBILITY_CONTACT_EMAIL
        return context


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


def _redis_ok(url: str) -> bool:
    client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False
    finally:
        client.close()


def _service_checks() -> dict:
    checks = {"database": "ok" if _database_ok() else "failing"}
    if settings.REDIS_URL:
        checks["redis"] = "ok" if _redis_ok(settings.REDIS_URL) else "failing"
    else:
        checks["redis"] = "not configured"
    return checks


def _health_answer(checks, **details):
    healthy = "failing" not in checks.values()
    return JsonResponse(
        {"status": "ok" if healthy else "failing", "checks": checks, **details},
        status=200 if healthy else 503,
    )


@never_cache
@require_safe
def healthz(request):
    """For load balancers and monitoring: 200 when the database (and Redis, if used) answer."""
    return _health_answer(_service_checks())


def _workers_answering() -> int:
    """How many Celery workers answer a ping within HEALTH_PING_TIMEOUT (the first answer is
    enough); 0 also when the broker cannot be reached."""
    from empirie.celery import app

    try:
        with app.connection_for_write() as connection:
            # Fails at once, not after Celery's retries, when the broker is away.
            connection.ensure_connection(max_retries=1, timeout=settings.HEALTH_PING_TIMEOUT)
            replies = app.control.ping(
                timeout=settings.HEALTH_PING_TIMEOUT, limit=1, connection=connection
            )
    except Exception:  # noqa: BLE001 - whatever the broker's error, no worker can be reached
        return 0
    return len(replies or [])


@never_cache
@require_safe
def healthz_ready(request):
    """For load balancers and monitoring: /healthz's checks, and the Celery workers (one
    answers a ping) and beat (its heartbeat task ran within two of its periods). Tasks run
    in the web process itself (no REDIS_URL): workers and beat are "eager", and ready."""
    from empirie.celery import app
    from empirie.tasks import last_heartbeat

    checks = _service_checks()
    details = {}
    if app.conf.task_always_eager:
        checks["workers"] = checks["beat"] = "eager"
    else:
        checks["workers"] = "ok" if _workers_answering() else "failing"
        beaten = last_heartbeat()
        age = time.time() - beaten if isinstance(beaten, int | float) else None
        period = settings.BEAT_HEARTBEAT_SECONDS
        checks["beat"] = "ok" if age is not None and age <= 2 * period else "failing"
        details["beat_heartbeat_age_seconds"] = round(age, 1) if age is not None else None
    return _health_answer(checks, **details)


# Django wraps the driver's errors, except where psycopg raises on its own (closing a server-side
# cursor of .iterator() while the server shuts down): both mean a database that is away.
UNREACHABLE = (OperationalError, InterfaceError, psycopg.OperationalError, psycopg.InterfaceError)


def _database_unreachable(error) -> bool:
    while error is not None:
        if isinstance(error, UNREACHABLE):
            return True
        error = error.__cause__ or error.__context__
    return False


def server_error(request):
    """The 500 handler: a database that cannot be reached (restarting, failing over) is a
    503 with Retry-After, so browsers, proxies and monitoring know it is passing; anything
    else is the 500 page. Neither touches the database (no request context)."""
    if _database_unreachable(sys.exc_info()[1]):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())


# How long allauth's limits per minute take to let the next attempt through, at most.
RETRY_AFTER_SECONDS = 60


def too_many_requests(request):
    """allauth's 429 (too many log-ins or sign-ups from one address): the portal's page in
    its language, saying what happened and when to try again."""
    response = render(request, "429.html", status=429)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def page_not_found(request, exception):
    """The 404 handler: an address under /api/ that no route takes is answered as the API
    answers a missing object, in JSON and in the request's language (the API's
    exception handler), not with the portal's page."""
    if is_api(request.path_info):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)


def bad_request(request, exception):
    """The 400 handler (a request Django refuses before any view: too many parameters, a
    forged host name): under /api/ in JSON, as the API answers, else the portal's page."""
    if is_api(request.path_info):
        return JsonResponse(
            {"detail": _("The request is malformed (too many parameters, or not readable).")},
            status=400,
        )
    return defaults.bad_request(request, exception)


def csrf_failure(request, reason=""):
    """A form refused by Django's CSRF check (sent from a page opened before logging in or
    out, or from another site): the portal's page in its language, saying what to do, not
    Django's technical one."""
    return render(request, "403_csrf.html", status=403)


class FaviconView(RedirectView):
    """/favicon.ico, asked for by tools that do not read the pages' <link rel="icon">; the
    icon's address is the static storage's (hashed in production), so known only once asked."""

    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        return static("img/favicon.svg")
