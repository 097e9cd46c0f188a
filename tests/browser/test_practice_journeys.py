"""Good practices in the browser: submitted, sent back, fixed, published, then found by a
search without diacritics and on the map."""

from playwright.sync_api import expect

from tests.browser.conftest import axe_violations
from tests.browser.test_membership_journeys import log_in_with_form, log_out

TITLE = "Żłobek na każdym osiedlu"


def test_a_practice_goes_from_a_city_employee_through_review_to_the_map(page, demo, tmp_path):
    log_in_with_form(page, "pracownik@empirie.test")
    page.get_by_role("link", name="Dobre praktyki").click()
    page.get_by_role("link", name="Dodaj praktykę swojego miasta").click()
    page.get_by_label("Tytuł").fill(TITLE)
    page.get_by_label("Kategoria").select_option(label="Usługi społeczne")
    page.get_by_label("Skrót").fill("Miejsca opieki dla najmłodszych w każdej dzielnicy.")
    page.get_by_label("Kod pocztowy").fill("37700")  # wrong form: refused, nothing lost
    page.get_by_role("button", name="Zapisz wersję roboczą").click()
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.get_by_label("Tytuł")).to_have_value(TITLE)
    page.get_by_label("Kod pocztowy").fill("37-700")
    page.get_by_role("button", name="Zapisz wersję roboczą").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    page.get_by_role("button", name="Zgłoś do recenzji").click()
    expect(page.get_by_role("status")).to_contain_text("Zgłoszono")
    log_out(page)

    log_in_with_form(page, "koordynator@empirie.test")
    page.get_by_role("link", name="Praktyki do recenzji").click()
    page.get_by_role("link", name=TITLE).click()
    page.get_by_label("Poproś o zmiany").check()
    page.get_by_label("Uzasadnienie").fill("Dodaj, ile miejsc powstało.")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Zapisz decyzję").click()
    expect(page.get_by_role("status")).to_contain_text("Zapisano recenzję")
    log_out(page)

    log_in_with_form(page, "pracownik@empirie.test")
    page.get_by_role("link", name="Powiadomienia").click()
    page.get_by_role("link", name=TITLE).first.click()
    expect(page.get_by_text("Dodaj, ile miejsc powstało.")).to_be_visible()
    page.get_by_role("link", name="Edytuj").click()
    page.get_by_label("Skrót").fill("120 miejsc opieki dla najmłodszych w każdej dzielnicy.")
    page.get_by_role("button", name="Zapisz wersję roboczą").click()
    page.get_by_role("button", name="Zgłoś do recenzji").click()
    log_out(page)

    log_in_with_form(page, "koordynator@empirie.test")
    page.get_by_role("link", name="Praktyki do recenzji").click()
    page.get_by_role("link", name=TITLE).click()
    page.get_by_label("Opublikuj").check()
    page.get_by_role("button", name="Zapisz decyzję").click()
    log_out(page)

    # A visitor finds it typing without Polish letters, and on the map.
    page.get_by_role("link", name="Dobre praktyki").click()
    page.get_by_role("textbox", name="Szukaj").fill("zlobek osiedlu")
    page.get_by_role("main").get_by_role("button", name="Szukaj").click()
    expect(page.get_by_role("status").filter(has_text="Znaleziono")).to_contain_text("1")
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()
    page.get_by_role("link", name="Pokaż na mapie").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mapa praktyk")
    assert axe_violations(page) == []
    city = page.locator(".practice-map svg a")
    expect(city).to_have_count(1)
    expect(page.get_by_role("link", name="Przemyśl: 1 praktyka")).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("Przemyśl")
    page.screenshot(path=str(tmp_path / "mapa.png"), full_page=True)
    # A hovered or focused city shows its name and count beside it; only for the eyes.
    label = page.locator(".practice-map__label")
    expect(label).to_be_hidden()
    city.hover()
    expect(label).to_have_text("Przemyśl: 1 praktyka")
    assert label.get_attribute("aria-hidden") == "true"
    page.mouse.move(0, 0)
    expect(label).to_be_hidden()
    # The keyboard reaches the city on the map; Enter filters the list to it.
    city.focus()
    expect(label).to_have_text("Przemyśl: 1 praktyka")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Tylko praktyki miasta Przemyśl.")).to_be_visible()
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()
