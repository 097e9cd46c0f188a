"""Membership journeys in the browser: applying, deciding, verifying, getting in."""

from playwright.sync_api import expect

from tests.browser.conftest import axe_violations

DEMO_PASSWORD = "empirie-demo-2026"


def open_menu(page):
    """On a phone the navigation folds into the "Menu" button: open it, as a person would."""
    button = page.locator(".site-menu__button")
    if button.is_visible() and page.locator(".site-menu[open]").count() == 0:
        button.click()


def log_in_with_form(page, email):
    page.goto("/konto/login/")
    page.get_by_label("Adres e-mail").fill(email)
    page.get_by_label("Hasło").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Zaloguj").click()
    open_menu(page)
    expect(page.get_by_role("button", name="Wyloguj się")).to_be_visible()


def log_out(page):
    open_menu(page)
    page.get_by_role("button", name="Wyloguj się").click()
    expect(page.get_by_role("button", name="Wyloguj się")).to_have_count(0)  # the next page
    open_menu(page)
    expect(page.get_by_role("link", name="Zaloguj się")).to_be_visible()


def coordinator_decides(page, network_slug, applicant_name):
    log_in_with_form(page, "koordynator@empirie.test")
    page.goto(f"/sieci/{network_slug}/zgloszenia/")
    card = page.get_by_role("listitem").filter(has_text=applicant_name)
    card.get_by_role("link", name="Zdecyduj").click()
    page.get_by_label("Przyjmij").check()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Zapisz decyzję").click()
    expect(page.get_by_role("status")).to_be_visible()
    log_out(page)


def test_a_city_employee_applies_the_coordinator_accepts_and_the_inside_opens(page, demo):
    log_in_with_form(page, "pracownik@empirie.test")
    page.goto("/sieci/miasto-obywateli/")
    page.get_by_role("link", name="Zgłoś się do tej sieci").click()
    # Too short a motivation: refused with the reason, and what was typed stays.
    page.get_by_label("Dlaczego Twoje miasto chce dołączyć?").fill("Krótko.")
    page.get_by_role("button", name="Wyślij zgłoszenie").click()
    expect(page.get_by_label("Dlaczego Twoje miasto chce dołączyć?")).to_have_value("Krótko.")
    expect(page.locator(".field__errors")).to_be_visible()
    page.get_by_label("Dlaczego Twoje miasto chce dołączyć?").fill(
        "Przemyśl prowadzi budżet obywatelski i chce porównać konsultacje z innymi miastami."
    )
    page.get_by_role("button", name="Wyślij zgłoszenie").click()
    expect(page.get_by_role("cell", name="MIASTO OBYWATELI", exact=True)).to_be_visible()
    log_out(page)

    coordinator_decides(page, "miasto-obywateli", "Piotr Urzędnik")

    log_in_with_form(page, "pracownik@empirie.test")
    page.get_by_role("link", name="Powiadomienia").click()
    page.get_by_role("link", name="MIASTO OBYWATELI").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("MIASTO OBYWATELI")
    expect(page.get_by_role("cell", name="Piotr Urzędnik", exact=True)).to_be_visible()


def test_an_unverified_deputy_mayor_is_verified_applies_and_gets_in(page, demo):
    log_in_with_form(page, "zastepca@empirie.test")
    page.goto("/sieci/siec-dla-liderow/")
    expect(page.locator("#apply-reason")).to_be_visible()
    expect(page.get_by_role("link", name="Zgłoś się do tej sieci")).to_have_count(0)
    assert page.goto("/sieci/siec-dla-liderow/wnetrze/").status == 404
    log_out(page)

    log_in_with_form(page, "koordynator@empirie.test")
    page.get_by_role("link", name="Weryfikacja funkcji").click()
    page.get_by_role("row").filter(has_text="Adam Zastępczy").get_by_role(
        "link", name="Zdecyduj"
    ).click()
    page.get_by_label("Potwierdź funkcję").check()
    page.get_by_role("button", name="Zapisz decyzję").click()
    expect(page.get_by_role("row").filter(has_text="Adam Zastępczy")).to_contain_text(
        "zweryfikowana"
    )
    log_out(page)

    log_in_with_form(page, "zastepca@empirie.test")
    page.goto("/sieci/siec-dla-liderow/")
    page.get_by_role("link", name="Zgłoś się do tej sieci").click()
    page.get_by_label("Dlaczego Twoje miasto chce dołączyć?").fill(
        "Cieszyn chce dzielić się doświadczeniem współpracy transgranicznej z innymi liderami."
    )
    page.get_by_role("button", name="Wyślij zgłoszenie").click()
    log_out(page)

    coordinator_decides(page, "siec-dla-liderow", "Adam Zastępczy")

    log_in_with_form(page, "zastepca@empirie.test")
    page.goto("/sieci/siec-dla-liderow/")
    page.get_by_role("link", name="Przejdź do wnętrza sieci").click()
    expect(page.get_by_role("cell", name="Adam Zastępczy", exact=True)).to_be_visible()
    expect(page.get_by_role("cell", name="Marta Prezydencka", exact=True)).to_be_visible()
