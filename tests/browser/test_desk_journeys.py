"""Each role's desk in the browser: the coordinator works through the queue from it (by
keyboard, too), the observer reaches what awaits their opinion from the navigation, and every
desk passes axe at desktop and phone widths."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, screenshot_dir
from tests.browser.test_membership_journeys import log_in_with_form, log_out

ROLES = {
    "coordinator": "koordynator@empirie.test",
    "city-staff": "pracownik@empirie.test",
    "observer": "obserwator@empirie.test",
    "leader": "lider@empirie.test",
    "unverified-leader": "zastepca@empirie.test",
    "administrator": "administrator@empirie.test",
}


def tab_until(page, name, limit):
    """Press Tab until the element with this accessible name has focus; how many presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => document.activeElement.innerText || document.activeElement.value || ''"
        )
        if name in focused:
            return presses
    raise AssertionError(f"{name!r} not reached in {limit} Tab presses")


def test_the_coordinator_clears_the_queue_from_the_desk_by_keyboard(page, demo):
    log_in_with_form(page, "koordynator@empirie.test")
    assert page.url.endswith("/pulpit/")  # a logged-in person's home
    expect(page.get_by_role("heading", level=1)).to_have_text("Twój pulpit")
    queue = page.get_by_role("heading", name="Do zrobienia:")
    expect(queue).to_be_visible()
    before = int(page.locator(".site-nav .badge--count").first.inner_text())
    applications = page.get_by_role("table", name="Zgłoszenia do rozpatrzenia")
    expect(applications).to_contain_text("Marta Prezydencka")
    assert axe_violations(page) == []

    # From the top of the page, the first decision is at most 20 Tab stops away.
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Enter")
    rows = applications.get_by_role("row").count()  # the demo has several waiting
    presses = 2 + tab_until(page, "Zdecyduj", 18)
    assert presses <= 20, presses
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Decyzja w sprawie zgłoszenia")
    page.get_by_label("Przyjmij").check()
    page.get_by_role("button", name="Zapisz decyzję").click()
    # Back on the desk, told it worked, with one task fewer.
    expect(page.get_by_role("heading", level=1)).to_have_text("Twój pulpit")
    expect(page.get_by_role("status")).to_contain_text("Decyzja została zapisana")
    expect(applications.get_by_role("row")).to_have_count(rows - 1)

    # The unverified deputy mayor's function, verified from the desk as well.
    functions = page.get_by_role("table", name="Funkcje do weryfikacji")
    functions.get_by_role("link", name="Zweryfikuj").first.click()
    page.get_by_label("Potwierdź funkcję").check()
    page.get_by_role("button", name="Zapisz decyzję").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Twój pulpit")
    after = int(page.locator(".site-nav .badge--count").first.inner_text())
    assert after == before - 2


def test_the_observer_finds_what_awaits_their_opinion_from_the_navigation(page, demo):
    log_in_with_form(page, "obserwator@empirie.test")
    nav = page.get_by_role("navigation", name="Menu główne")
    item = nav.get_by_role("link", name="Do zaopiniowania")
    expect(item).to_contain_text("1")
    section = page.get_by_role("region", name="Do zaopiniowania")
    expect(section).to_contain_text("Raport: elektroniczny obieg dokumentów")
    expect(section).to_contain_text("opinie do")
    section.get_by_role(
        "link", name="Raport: elektroniczny obieg dokumentów w urzędach sieci"
    ).click()
    page.get_by_label("Opinia").fill("W Bochni EZD działa od 2021 roku; chętnie opowiemy.")
    page.get_by_role("button", name="Dodaj opinię").click()
    page.get_by_role("link", name="Pulpit").click()
    expect(page.get_by_role("region", name="Do zaopiniowania")).to_contain_text(
        "nic nie czeka na Twoją opinię"
    )
    answered = page.get_by_role("heading", name="Zaopiniowane")
    expect(answered).to_be_visible()
    expect(nav.get_by_role("link", name="Do zaopiniowania")).not_to_contain_text("1")
    log_out(page)


@pytest.mark.parametrize("width", [1280, 375])
def test_every_roles_desk_passes_axe_and_is_photographed(page, demo, width):
    folder = screenshot_dir()
    page.set_viewport_size({"width": width, "height": 900})
    for role, email in ROLES.items():
        log_in_with_form(page, email)
        expect(page.get_by_role("heading", level=1)).to_have_text("Twój pulpit")
        assert axe_violations(page) == [], role
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{role} at {width}: {overflow}px sideways"
        page.screenshot(path=str(folder / f"desk-{role}-{width}.png"), full_page=True)
        log_out(page)
    page.goto("/sieci/")
    assert axe_violations(page) == []
    page.screenshot(path=str(folder / f"networks-{width}.png"), full_page=True)


def test_the_coordinator_clears_the_whole_queue_from_the_desk(page, demo, log_in):
    """Every task of the demo coordinator's queue, taken from the desk and done on its page,
    until the desk says nothing awaits: each step lowers the count in the navigation."""
    log_in("koordynator@empirie.test")
    page.goto("/pulpit/")
    queue = page.locator("#do-zrobienia")
    count = page.locator(".site-nav .badge--count")
    before = int(count.first.inner_text())
    assert (
        before >= 10
    )  # the demo's applications, functions, practices, comments, meetings, results
    opinions_until = (dt.date.today() + dt.timedelta(days=21)).isoformat()
    for _step in range(before * 2):
        page.goto("/pulpit/")
        tasks = queue.locator("table a.button")
        if tasks.count() == 0:
            break
        left = int(count.first.inner_text())
        tasks.first.click()
        main = page.locator("main")
        if "/zgloszone-komentarze/" in page.url:  # a reported opinion: hidden, with the reason
            main.get_by_role("link", name="Ukryj").first.click()
            page.get_by_label("Uzasadnienie").fill("Narusza zasady dyskusji.")
            page.get_by_role("button", name="Ukryj opinię").click()
        elif "/relacja/" in page.url:  # a meeting without a report: written and published
            page.locator("#id_body-editor").fill("Spotkanie odbyło się zgodnie z programem.")
            page.get_by_label("Opublikowana").check()
            page.get_by_role("button", name="Zapisz relację").click()
            expect(page.get_by_role("status")).to_contain_text("Zapisano relację")
        elif "/obecnosc/" in page.url:  # attendance: recorded as it stands
            page.get_by_role("button", name="Zapisz obecność").click()
        else:  # a decision: the first answer (accept, confirm, publish, open further)
            main.locator("input[type=radio]").first.check()
            date = main.locator("input[name=opinions_until]")
            if date.count():
                date.fill(opinions_until)
            main.locator("form button.button--primary").first.click()
        expect(page.locator("#error-summary")).to_have_count(0)
        page.goto("/pulpit/")
        if count.count():
            assert int(count.first.inner_text()) < left, page.url
    expect(page.get_by_role("heading", name="Do zrobienia: 0")).to_be_visible()
    expect(page.locator(".site-nav .badge--count")).to_have_count(0)
    assert axe_violations(page) == []
