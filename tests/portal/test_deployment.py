"""The production settings hold together (the compose file: test_compose.py)."""

import http.client
import json
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

from tests.faults import database_url
from tests.servers import Gunicorn, production_environment


def deployed_environment():
    # The browser tests allow the ORM beside Playwright's event loop; a deployment never does.
    return {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}


THROWAWAY_SECRET = "a-throwaway-secret-key-for-this-test-only-" + "q" * 20


def manage_under_production(*arguments, **env):
    """manage.py under the production settings; a variable given as None is left unset."""
    environment = {
        **deployed_environment(),
        "DJANGO_SETTINGS_MODULE": "empirie.settings.production",
        **env,
    }
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        env={name: value for name, value in environment.items() if value is not None},
    )


def run_production_check(**env):
    return manage_under_production("check", "--deploy", "--fail-level", "WARNING", **env)


def test_production_settings_pass_the_deployment_checks():
    result = run_production_check(
        SECRET_KEY=THROWAWAY_SECRET,
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/postgres",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def production_setting(name, **env):
    code = f"from django.conf import settings; print(settings.{name})"
    result = manage_under_production(
        "shell", "--no-imports", "-c", code,
        SECRET_KEY=THROWAWAY_SECRET,
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/postgres", **{"PORTAL_URL": None, **env},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_links_in_e_mails_lead_to_the_public_address_in_production():
    """Without PORTAL_URL the links go to the first allowed host over HTTPS, never to the
    development default on 127.0.0.1."""
    chosen = production_setting("PORTAL_URL", ALLOWED_HOSTS="empirie.example.org,www.x.pl")
    assert chosen == "https://empirie.example.org"
    said = production_setting("PORTAL_URL", PORTAL_URL="https://swd.miasta.pl/")
    assert said == "https://swd.miasta.pl"


def test_production_settings_refuse_a_missing_or_weak_secret():
    result = run_production_check(SECRET_KEY="short", DATABASE_URL="postgres://x@127.0.0.1/x")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_refuse_the_example_secret():
    """.env.example's placeholder is long enough, and public: refused, with how to make one."""
    example = (settings.BASE_DIR / ".env.example").read_text()
    placeholder = next(
        line.split("=", 1)[1] for line in example.splitlines() if line.startswith("SECRET_KEY=")
    )
    for secret in (placeholder, "change-me-" + secrets.token_urlsafe(50)):
        result = run_production_check(SECRET_KEY=secret, DATABASE_URL="postgres://x@127.0.0.1/x")
        assert result.returncode != 0
        assert "ImproperlyConfigured" in result.stderr
        assert 'python3 -c "import secrets; print(secrets.token_urlsafe(50))"' in result.stderr


def request(port, path, host):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers={"Host": host})
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


@pytest.fixture
def production_portal(tmp_path, db, collected_static):
    """The portal under gunicorn with the production settings, on the test database."""
    gunicorn = Gunicorn(
        production_environment(tmp_path, collected_static, ALLOWED_HOSTS="empirie.example.org"),
        workers=1, host="empirie.example.org",
    )  # fmt: skip
    try:
        yield gunicorn.start().wait().port
    finally:
        gunicorn.stop()


def test_a_host_not_allowed_gets_the_400_page_under_gunicorn(production_portal):
    """The 400 page is rendered before AuthenticationMiddleware ran: no user on the request."""
    status, body = request(production_portal, "/", "evil.example")
    assert status == 400
    assert "Nieprawidłowe żądanie" in body and "Traceback" not in body
    assert request(production_portal, "/healthz", "empirie.example.org")[0] == 200


def test_a_web_process_freezes_what_it_loaded_so_full_collections_skip_it():
    """gc.freeze in empirie.wsgi, after the URL patterns (and so every view), both languages'
    catalogues and every template of the portal's own are loaded: without it a full
    collection walks every loaded object, holding a request up."""
    probe = (
        "import gc, sys, json, empirie.wsgi\n"
        "from django.template import engines\n"
        "from django.utils.translation import trans_real\n"
        "loader = engines['django'].engine.template_loaders[0]\n"
        "print(json.dumps([gc.get_freeze_count(), 'discussions.views' in sys.modules,"
        " sorted(loader.get_template_cache), sorted(trans_real._translations)]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=settings.BASE_DIR, capture_output=True, text=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "empirie.settings.local",
             "DATABASE_URL": database_url()},
        check=True,
    )  # fmt: skip
    frozen, views_loaded, compiled, catalogues = json.loads(result.stdout.splitlines()[-1])
    assert frozen > 50_000 and views_loaded
    assert {"pl", "en"} <= set(catalogues)
    ours = {
        path.relative_to(folder).as_posix()
        for folder in [settings.BASE_DIR / "templates", *settings.BASE_DIR.glob("*/templates")]
        for path in folder.rglob("*")
        if path.is_file()
    }
    assert len(ours) > 150 and ours <= set(compiled)
