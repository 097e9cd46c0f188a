"""Real-browser tests: Playwright drives Debian's Chromium against Django's live server.

HEADED=1 shows the browser (with SLOW_MO=milliseconds between actions);
SCREENSHOT_DIR names where screenshots go (default test-artifacts/screenshots).
"""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from accounts.models import User
from tests.demo_snapshot import load_demo_data

# Playwright's sync API runs an event loop in the test's thread; the ORM calls the tests make
# between browser steps are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Without these Chromium phones home at start, and this machine's closed network refuses it.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_SOURCE = (Path(__file__).parent / "axe" / "axe.min.js").read_text()
# WCAG 2.0 and 2.1, levels A and AA, plus the landmark rules that a screen reader's user
# navigates by (axe files those under best practice).
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "rules": {
        rule: {"enabled": True}
        for rule in (
            "region",
            "landmark-one-main",
            "landmark-unique",
            "bypass",
            "page-has-heading-one",
        )
    },
}


def screenshot_dir() -> Path:
    path = Path(
        os.environ.get("SCREENSHOT_DIR", settings.BASE_DIR / "test-artifacts" / "screenshots")
    )
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium is missing at {CHROMIUM}: ./dev test installs it (apt-get install chromium)"
        )
    headed = os.environ.get("HEADED") == "1"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=not headed,
            slow_mo=int(os.environ.get("SLOW_MO", "0")),
            args=CHROMIUM_ARGS,
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    from playwright.sync_api import expect

    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="pl-PL"
    )
    context.set_default_timeout(10_000)
    # Assertions wait as long as actions do: with two test processes, two browsers and the
    # live servers on two cores, a page after a form sent may take over expect's own 5 s.
    expect.set_options(timeout=10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def demo(transactional_db):
    load_demo_data()


@pytest.fixture
def log_in(page, live_server):
    """Give the browser the session of a logged-in person, as the log-in form would."""

    def log_in(email):
        client = Client()
        client.force_login(User.objects.get(email=email))
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies(
            [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
        )

    return log_in


def axe_violations(page):
    """Run axe-core on the page as it stands; return its violations, simplified."""
    page.evaluate(AXE_SOURCE)  # evaluated, not injected as a script, so no page policy blocks it
    result = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    return [
        {
            "rule": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "nodes": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in result["violations"]
    ]
