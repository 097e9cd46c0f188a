"""A mayor's seat passes to a successor: the coordinator hands it over from the network's
people, the new mayor sets up the account opened for them, an administrator verifies their
function, and they find the leaders' network's inside, while the predecessor's very next
request there is 404. New pages are found by their addresses and fields, not their words."""

import re

from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from accounts.models import OutgoingEmail, User
from networks.models import Participation
from tests.browser.conftest import axe_violations, screenshot_dir
from tests.browser.test_membership_journeys import DEMO_PASSWORD, log_in_with_form, log_out

LEADERS = "/sieci/siec-dla-liderow/wnetrze/"
NEW_MAYOR = "nowa.prezydentka@starachowice.example.org"


def browser_of(browser, live_server, email):
    """Another person's browser, logged in, beside the page under test."""
    client = Client()
    client.force_login(User.objects.get(email=email))
    context = browser.new_context(base_url=live_server.url, locale="pl-PL")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    return context.new_page()


def photograph(page, name):
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        target = screenshot_dir() / f"{name}-{width}.png"
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 5_000
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_mayors_seat_passes_to_a_successor_who_is_verified_and_gets_in(
    page, demo, browser, live_server
):
    predecessor = User.objects.get(email="lider@empirie.test")
    theirs = browser_of(browser, live_server, predecessor.email)
    assert theirs.goto(LEADERS).status == 200

    # The coordinator finds the mayor among the network's people and hands the seat over.
    log_in_with_form(page, "koordynator@empirie.test")
    page.goto(LEADERS)
    page.locator(f'a[href^="/sieci/osoby/{predecessor.pk}/nastepca/"]').click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Marta Prezydencka")
    assert axe_violations(page) == []
    photograph(page, "successor-form")
    seat = Participation.objects.get(
        person=predecessor, network__slug="siec-dla-liderow", status="accepted"
    )
    page.locator(f'input[name="seats"][value="{seat.pk}"]').check()
    page.locator("#id_email").fill(NEW_MAYOR)
    page.locator("#id_first_name").fill("Joanna")
    page.locator("#id_last_name").fill("Nowa")
    page.locator("main form button[type=submit]").click()
    # The page names what will move before anything does.
    expect(page.locator("dl.facts")).to_contain_text("Joanna Nowa")
    expect(page.locator("dl.facts")).to_contain_text(seat.network.name)
    assert axe_violations(page) == []
    photograph(page, "successor-confirm")
    assert theirs.goto(LEADERS).status == 200  # nothing has moved yet
    page.locator('button[name="step"][value="confirm"]').click()
    expect(page.get_by_role("status")).to_contain_text("Joanna Nowa")

    # The predecessor's very next request: 404.
    assert theirs.goto(LEADERS).status == 404
    log_out(page)

    # The new mayor sets the password through the link e-mailed to her.
    email = OutgoingEmail.objects.get(to=[NEW_MAYOR])
    path = re.search(r"https?://[^/\s]+(/\S+/password/reset/key/\S+/)", email.body).group(1)
    page.goto(path)
    page.locator("#id_password1").fill(DEMO_PASSWORD)
    page.locator("#id_password2").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Zmień hasło").click()  # allauth's own page
    log_in_with_form(page, NEW_MAYOR)
    assert page.goto(LEADERS).status == 404  # her function awaits verification
    log_out(page)

    # An administrator verifies her function, from the verifiers' list.
    log_in_with_form(page, "administrator@empirie.test")
    page.goto("/konto/funkcje/")
    page.get_by_role("row").filter(has_text="Joanna Nowa").get_by_role(
        "link", name="Zdecyduj"
    ).click()
    page.get_by_label("Potwierdź funkcję").check()
    page.get_by_role("button", name="Zapisz decyzję").click()
    expect(page.get_by_role("row").filter(has_text="Joanna Nowa")).to_contain_text("zweryfikowana")
    log_out(page)

    log_in_with_form(page, NEW_MAYOR)
    assert page.goto(LEADERS).status == 200
    expect(page.get_by_role("cell", name="Joanna Nowa", exact=True)).to_be_visible()
    expect(page.get_by_role("cell", name="Marta Prezydencka", exact=True)).to_have_count(0)
    assert theirs.goto(LEADERS).status == 404
    theirs.context.close()
