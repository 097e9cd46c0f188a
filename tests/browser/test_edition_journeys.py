"""An edition ends and the next begins: the coordinator closes MIASTO CYFROWE's edition (the
confirmation names what becomes read-only), opens the next, and a member confirms from the
notification that they continue. Pages are found by their addresses and forms, not by their
words, so the journey reads the same in either language."""

from django.utils import timezone
from playwright.sync_api import expect

from networks.models import Continuation, Edition
from tests.browser.conftest import axe_violations, screenshot_dir

NETWORK = "miasto-cyfrowe"


def shot(page, name):
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        assert axe_violations(page) == [], f"{name} at {width} px"
        page.screenshot(path=str(screenshot_dir() / f"edition-{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_an_edition_is_closed_the_next_opened_and_a_member_continues(page, demo, log_in):
    first = Edition.objects.get(network__slug=NETWORK)
    assert not first.is_closed and first.meetings.exists()

    # The coordinator closes the edition from the network's inside, after the confirmation.
    log_in("koordynator@empirie.test")
    page.goto(f"/sieci/{NETWORK}/wnetrze/")
    page.locator(f'main a[href="/sieci/{NETWORK}/edycje/zamknij/"]').click()
    expect(page.locator("main h1")).to_contain_text(first.name)
    # The meetings that stay in its archive: neither cancelled nor yet to end.
    kept = first.meetings.filter(cancelled_at__isnull=True, ends_at__lt=timezone.now()).count()
    expect(page.locator("main li").first).to_contain_text(str(kept))
    shot(page, "close")
    page.locator("main form button[type=submit]").click()

    # Then opens the next one: its name and first day.
    expect(page).to_have_url(f"/sieci/{NETWORK}/edycje/nowa/")
    expect(page.get_by_role("status")).to_be_visible()
    page.locator("#id_name").fill("2025–2027")
    page.locator("#id_starts_on").fill(timezone.localdate().isoformat())
    shot(page, "open")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"/sieci/{NETWORK}/edycje/2/")
    first.refresh_from_db()
    assert first.is_closed
    # The new edition's page links to the archived one, which still lists its meetings.
    page.locator(f'main a[href="/sieci/{NETWORK}/edycje/1/"]').click()
    expect(page.locator("main section").first.locator("li").first).to_be_visible()
    shot(page, "archive")

    # A member finds the question among their notifications and confirms with one button.
    page.context.clear_cookies()
    log_in("pracownik@empirie.test")
    page.goto("/konto/powiadomienia/")
    page.locator('main a[href*="/sieci/kontynuacja/"]').first.click()
    expect(page.locator("main form button[type=submit]")).to_have_count(1)
    shot(page, "continue")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"/sieci/{NETWORK}/wnetrze/")
    continuation = Continuation.objects.get(
        edition__network__slug=NETWORK,
        edition__number=2,
        participation__person__email="pracownik@empirie.test",
    )
    assert continuation.confirmed_at is not None
    # The inside names the current edition and links to the past one.
    expect(page.locator(f'main a[href="/sieci/{NETWORK}/edycje/2/"]')).to_be_visible()
    expect(page.locator(f'main a[href="/sieci/{NETWORK}/edycje/1/"]')).to_be_visible()
    shot(page, "inside")
