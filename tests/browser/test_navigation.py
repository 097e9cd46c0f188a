"""The navigation: within two lines at 1280 px for every role, in both languages; under 600 px a
"Menu" button that opens and closes without JavaScript."""

import pytest
from playwright.sync_api import expect

ROLES = [
    "administrator@empirie.test",
    "koordynator@empirie.test",
    "ekspert@empirie.test",
    "pracownik@empirie.test",
    "lider@empirie.test",
    "zastepca@empirie.test",
    "obserwator@empirie.test",
    None,  # a visitor
]

# Rows of the items: a new row where an item's top is more than half a line below the last.
ROWS_OF = """selector => {
    const tops = [...document.querySelectorAll(selector)]
        .map(e => e.getBoundingClientRect().top).sort((a, b) => a - b);
    return tops.filter((top, i) => i === 0 || top - tops[i - 1] > 10).length;
}"""


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_navigation_stays_within_two_lines_at_1280_px_for_every_role(
    page, demo, log_in, prefix
):
    for email in ROLES:
        page.context.clear_cookies()
        if email:
            log_in(email)
        page.goto(f"{prefix}/pulpit/" if email else f"{prefix}/")
        # The person's links on the brand's line, the main menu on the next one: one row each.
        assert page.evaluate(ROWS_OF, ".site-person > ul > li") == 1, email
        assert page.evaluate(ROWS_OF, ".site-nav li") == 1, email
        expect(page.locator(".site-menu__button")).to_be_hidden()
        person = page.locator(".site-person").bounding_box()
        nav = page.locator(".site-nav").bounding_box()
        assert nav["y"] >= person["y"] + person["height"] - 1, (
            "the menu sits under the person's line"
        )


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_under_600_px_the_menu_folds_into_a_button(browser, live_server, demo, javascript):
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 375, "height": 800},
        locale="pl-PL",
        java_script_enabled=javascript,
    )
    page = context.new_page()
    page.goto("/konto/login/")
    menu = page.get_by_role("navigation", name="Menu główne")
    button = page.locator(".site-menu__button")
    expect(button).to_be_visible()
    expect(button).to_have_text("Menu")
    expect(menu).to_be_hidden()
    button.click()
    expect(menu.get_by_role("link", name="Dobre praktyki")).to_be_visible()
    menu.get_by_role("link", name="Dobre praktyki").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("praktyk")
    # Folded again on the next page; opened by keyboard too.
    expect(menu).to_be_hidden()
    button.focus()
    page.keyboard.press("Enter")
    expect(menu.get_by_role("link", name="Sieci", exact=True)).to_be_visible()
    page.keyboard.press("Enter")  # the summary still has focus: folds it
    expect(menu).to_be_hidden()
    context.close()


def test_the_sessions_page_reflows_at_320_px(page, demo, log_in):
    """A long browser name and four columns, on the narrowest phone: no sideways scrolling."""
    page.set_viewport_size({"width": 320, "height": 800})
    log_in("pracownik@empirie.test")
    page.goto("/konto/sessions/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sesje")
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def test_folded_the_menu_button_carries_the_unread_notifications_count(page, demo, log_in):
    """At 375 px the notifications link hides in the folded menu: its count shows on the button."""
    from accounts.models import Notification, User

    page.set_viewport_size({"width": 375, "height": 800})
    member = User.objects.get(email="pracownik@empirie.test")
    unread = Notification.objects.filter(recipient=member, read_at__isnull=True).count()
    assert unread > 0  # the demo leaves the member news to read
    log_in(member.email)
    page.goto("/pulpit/")
    button = page.locator(".site-menu__button")
    expect(button).to_have_text(f"Menu {unread} – nieprzeczytane powiadomienia")
    expect(button.locator(".badge")).to_be_visible()
    page.set_viewport_size({"width": 1280, "height": 800})
    expect(button).to_be_hidden()  # wide, the link shows its own count
    expect(page.locator(".site-person .badge--count")).to_contain_text(str(unread))
