"""The headers of real responses: the policy every page carries, and under the production
settings HSTS and cookies that are Secure, HttpOnly and SameSite."""

import importlib
import os
import re

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.factories import ProfileFactory
from tests.networks.test_permission_matrix import MATRIX, A, world  # noqa: F401

pytestmark = pytest.mark.django_db

PAGES = ["home", "practices:list", "practices:map", "accessibility_statement", "account_login"]


def directives(policy):
    return {part.split()[0]: part.split()[1:] for part in policy.split("; ")}


@pytest.mark.parametrize("url", PAGES)
def test_every_page_carries_a_strict_policy(client, url):
    response = client.get(reverse(url))
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    for kind in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in policy[kind] and "'unsafe-eval'" not in policy[kind]
        assert all(source == "'self'" or source.startswith("'nonce-") for source in policy[kind])
    assert policy["frame-ancestors"] == ["'none'"] and policy["object-src"] == ["'none'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    # Nothing inline that the policy would have to allow.
    html = response.content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>|<style|\sstyle=|\son[a-z]+=", html)


def production_security():
    """The production module's security settings, read as production reads them."""
    environment = {"SECRET_KEY": "s" * 64, "DATABASE_URL": "postgres://u@127.0.0.1/x"}
    saved = {name: os.environ.get(name) for name in environment}
    os.environ.update(environment)
    try:
        production = importlib.reload(importlib.import_module("empirie.settings.production"))
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name)
            else:
                os.environ[name] = value
    prefixes = ("SECURE_", "SESSION_COOKIE_", "CSRF_COOKIE_")
    return {
        name: getattr(production, name) for name in dir(production) if name.startswith(prefixes)
    }


def test_production_sends_hsts_and_secure_cookies(client):
    person = ProfileFactory().user
    person.set_password("długie-hasło-2026")
    person.save()
    with override_settings(**production_security(), ALLOWED_HOSTS=["testserver"]):
        plain = client.get("/")
        assert plain.status_code == 301 and plain["Location"].startswith("https://")
        page = client.get(reverse("account_login"), secure=True)
        assert page["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
        logged_in = client.post(
            reverse("account_login"),
            {"login": person.email, "password": "długie-hasło-2026"},
            secure=True,
        )
        assert logged_in.status_code == 302
    for name in ("sessionid", "csrftoken"):
        cookie = logged_in.cookies[name]
        assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Lax", name


def test_every_uploaded_file_is_served_privately_and_not_sniffed_documents_as_downloads(
    client,
    world,  # noqa: F811
):
    """A document is a download; a photo (an image by its content) opens in the browser, as
    its "full size" link promises, as the image type it was saved as."""
    people, arguments = world
    client.force_login(people[A])
    files = [(name, sample) for name, samples in MATRIX.items() if name.endswith("_file")
             for sample, _expected in samples]  # fmt: skip
    assert len(files) >= 4 and any("photo" in name for name, _sample in files)
    for name, sample in files:
        response = client.get(reverse(name, kwargs=arguments[sample]))
        assert response.status_code == 200, name
        if "photo" in name:
            assert response["Content-Disposition"].startswith("inline;"), name
            assert response["Content-Type"] in ("image/jpeg", "image/png", "image/webp"), name
        else:
            assert response["Content-Disposition"].startswith("attachment;"), name
        assert response["X-Content-Type-Options"] == "nosniff", name
        assert "private" in response["Cache-Control"], name


@pytest.mark.django_db
def test_a_form_refused_by_the_csrf_check_gets_the_portals_page_saying_what_to_do():
    from django.test import Client

    from tests.factories import UserFactory

    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    response = client.post(reverse("accounts:notifications_read"))
    page = response.content.decode()
    assert response.status_code == 403
    assert "Formularz wygasł" in page and "Nic nie zostało zapisane" in page
    assert "Reason given for failure" not in page and 'class="site-header' in page
