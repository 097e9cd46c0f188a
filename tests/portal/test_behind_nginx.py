"""Behind a real nginx (Debian's; ./dev test installs it) running deploy/nginx.conf in front of
gunicorn with TRUSTED_PROXY_COUNT=1: clients on different loopback addresses are told apart
by the address nginx saw, as the limit of failed log-ins, the sessions list and the audit log
count them, and an X-Forwarded-For a client sends itself changes nothing."""

import http.client
import os
import re
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.urls import reverse

from audit.models import AuditEntry
from tests.factories import PASSWORD, ProfileFactory
from tests.faults import database_url
from tests.servers import Gunicorn, Nginx

NGINX = os.environ.get("NGINX_PATH", "/usr/sbin/nginx")
DEPLOYED_CONFIG = Path(settings.BASE_DIR) / "deploy" / "nginx.conf"
CLIENT_A, CLIENT_B, CLIENT_C = "127.0.0.2", "127.0.0.3", "127.0.0.4"
FORGED = "203.0.113.66"
# allauth's limit of failed log-ins per address, as configured ("10/m/ip,…").
FAILED_LOGINS_ALLOWED = int(
    re.search(r"(\d+)/[^,]*/ip", settings.ACCOUNT_RATE_LIMITS["login_failed"])[1]
)
TOO_MANY = "Zbyt wiele nieudanych prób logowania"


class Browser:
    """A client on a loopback address of its own, keeping its cookies."""

    def __init__(self, port, source, forwarded_for=None):
        self.port, self.source, self.forwarded_for = port, source, forwarded_for
        self.cookies = {}

    def request(self, method, path, form=None):
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=10, source_address=(self.source, 0)
        )
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if self.forwarded_for:
            headers["X-Forwarded-For"] = self.forwarded_for
        body = None
        if form is not None:
            form = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **form}
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            # As a browser sends it: the page's own address, port and all (Django's CSRF
            # check compares it with the host nginx passes on).
            headers["Origin"] = f"http://127.0.0.1:{self.port}"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response.status, response.read().decode()
        finally:
            connection.close()

    def log_in(self, email, password):
        self.request("GET", reverse("account_login"))  # the CSRF cookie
        return self.request(
            "POST", reverse("account_login"), {"login": email, "password": password}
        )


@pytest.fixture
def nginx_binary():
    if not Path(NGINX).exists():
        pytest.fail(f"nginx is missing at {NGINX}: ./dev test installs it (apt-get install nginx)")
    return NGINX


@pytest.fixture
def portal(nginx_binary, transactional_db, tmp_path):
    """gunicorn on the test database, one worker (the rate-limit counters in its memory, as
    REDIS_URL is not given), trusting one proxy."""
    environment = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "empirie.settings.test",
        "DATABASE_URL": database_url(),
        "REDIS_URL": "",
        "CACHE_REDIS_URL": "",
        "TRUSTED_PROXY_COUNT": "1",
    }
    gunicorn = Gunicorn(environment, workers=1).start()
    try:
        yield gunicorn.wait().port
    finally:
        gunicorn.stop()


@pytest.fixture
def nginx(nginx_binary, portal, tmp_path):
    """nginx with deploy/nginx.conf in front of `portal`, on a port of its own (tests.servers),
    with a closed network's photo in its private folder."""
    site = DEPLOYED_CONFIG.read_text()
    for line in ("server web:8000;", "listen 80;", "alias /srv/private-media/;"):
        assert line in site
    site = site.replace("server web:8000;", f"server 127.0.0.1:{portal};")
    private = tmp_path / "private-media"
    (private / "meetings").mkdir(parents=True)
    (private / "meetings" / "photo.jpg").write_bytes(b"a closed network's photo")
    site = site.replace("alias /srv/private-media/;", f"alias {private}/;")
    server = Nginx(site, tmp_path / "nginx").start()
    try:
        yield server.port
    finally:
        server.stop()


def save_profile(browser, person, email_mode):
    status, _body = browser.request(
        "POST", reverse("accounts:profile"),
        {"function": person.profile.function, "email_mode": email_mode, "language": "pl"},
    )  # fmt: skip
    assert status == 302
    return AuditEntry.objects.filter(
        object_type="accounts.profile", object_id=str(person.profile.pk),
        action=AuditEntry.Action.CHANGED,
    ).latest("pk")  # fmt: skip


def test_failed_log_ins_limit_one_client_not_another_behind_the_same_nginx(nginx):
    person_b = ProfileFactory(city=None).user
    person_c = ProfileFactory(city=None).user
    a = Browser(nginx, CLIENT_A)
    for attempt in range(FAILED_LOGINS_ALLOWED):  # each a different account: only A's address
        status, body = a.log_in(f"nieznana{attempt}@example.org", "wrong-password")
        assert status == 200 and TOO_MANY not in body, attempt
    # A is refused even with the right password, and with a header of its own making too.
    status, body = a.log_in(person_b.email, PASSWORD)
    assert status == 200 and TOO_MANY in body
    a.forwarded_for = FORGED
    assert TOO_MANY in a.log_in(person_b.email, PASSWORD)[1]

    # B, behind the same nginx, logs in at once; the sessions list and the audit log name B.
    b = Browser(nginx, CLIENT_B)
    assert b.log_in(person_b.email, PASSWORD)[0] == 302
    assert UserSession.objects.get(user=person_b).ip == CLIENT_B
    assert save_profile(b, person_b, "digest").ip == CLIENT_B

    # C forges an X-Forwarded-For: nginx appends the address it saw, and that is recorded.
    c = Browser(nginx, CLIENT_C, forwarded_for=FORGED)
    assert c.log_in(person_c.email, PASSWORD)[0] == 302
    assert UserSession.objects.get(user=person_c).ip == CLIENT_C
    assert save_profile(c, person_c, "none").ip == CLIENT_C
    assert not AuditEntry.objects.filter(ip=FORGED).exists()

    # The target of X-Accel-Redirect in the same config: a file there, and nobody reaches it
    # by asking for it.
    assert c.request("GET", "/_private/meetings/photo.jpg")[0] == 404
    # The portal's own links name the address the client used, nginx's port included.
    assert f"Sitemap: http://127.0.0.1:{nginx}/sitemap.xml" in c.request("GET", "/robots.txt")[1]
