"""The API's pages in Chromium: its documentation (Swagger UI, from the portal's own static
files) runs under the portal's Content-Security-Policy without a violation, and a person makes
a token on their profile, uses it and revokes it (on the English pages: their Polish comes
with the catalogue)."""

import re

from django.test import Client
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations
from tests.browser.test_rich_text import watched  # noqa: F401 - the fixture

CLERK = "pracownik@empirie.test"
PASSWORD = "empirie-demo-2026"


def test_the_documentation_works_under_the_csp(page, demo, watched):  # noqa: F811
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto("/api/v1/docs/")
    expect(page.get_by_text("/api/v1/practices/", exact=True).first).to_be_visible()
    expect(page.get_by_text("EMPIRIE API").first).to_be_visible()
    assert not watched(), watched()
    live = page.url.split("/api/")[0]
    assert all(url.startswith((live, "data:")) for url in requests), requests


def test_a_clerk_makes_a_token_uses_it_and_revokes_it(page, demo, log_in):
    log_in(CLERK)
    page.goto("/en/konto/profil/")
    page.get_by_role("link", name="Create an API token").click()
    assert not axe_violations(page)
    page.get_by_role("button", name="Create the token").click()  # nothing filled in
    expect(page.get_by_text("There is a problem").first).to_be_visible()
    assert not axe_violations(page)
    page.get_by_label("Name of the token").fill("Pulpit miasta")
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Create the token").click()
    expect(page.get_by_role("heading", name="Your new API token")).to_be_visible()
    secret = page.locator(".token-secret").inner_text().strip()
    assert re.fullmatch(r"emp_[0-9a-f]{8}_[A-Za-z0-9_-]{43}", secret)
    assert not axe_violations(page)
    page.set_viewport_size({"width": 375, "height": 900})  # the token wraps on a phone
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.set_viewport_size({"width": 1280, "height": 900})
    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api.get("/api/v1/me/").json()["email"] == CLERK

    page.goto("/en/konto/profil/")
    row = page.get_by_role("row", name=re.compile("Pulpit miasta"))
    expect(row).to_contain_text(secret[:12])
    assert secret not in page.content()
    assert not axe_violations(page)
    row.get_by_role("link", name=re.compile("Revoke")).click()
    assert not axe_violations(page)
    page.get_by_role("button", name="Revoke the token").click()
    expect(page.get_by_text("The token “Pulpit miasta” is revoked.")).to_be_visible()
    assert api.get("/api/v1/me/").status_code == 401


def test_the_open_data_page_passes_axe_and_fits_a_phone(page, demo):
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/en/dane/")
        expect(page.get_by_role("heading", name="Open data")).to_be_visible()
        assert not axe_violations(page)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
