"""Forms in the browser: the error summary takes the focus and leads to each field; the
agenda's rows are added and removed in place with JavaScript, and through the server
without it; a meeting in the past is scheduled once confirmed."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, screenshot_dir
from tests.browser.test_membership_journeys import log_in_with_form


def open_schedule(page):
    page.goto("/sieci/miasto-cyfrowe/wnetrze/")
    page.get_by_role("link", name="Zaplanuj spotkanie").click()


def test_the_error_summary_takes_the_focus_and_leads_to_the_field(page, demo):
    log_in_with_form(page, "koordynator@empirie.test")
    open_schedule(page)
    page.get_by_role("button", name="Zapisz spotkanie").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Błąd: "))
    expect(summary.get_by_role("heading", name="Wystąpił problem")).to_be_visible()
    assert axe_violations(page) == []
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=screenshot_dir() / f"meeting-form-errors-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    summary.get_by_role("link", name="Temat przewodni: To pole jest wymagane.").click()
    expect(page.get_by_label("Temat przewodni")).to_be_focused()


def test_agenda_rows_are_added_and_removed_in_place(page, demo):
    log_in_with_form(page, "koordynator@empirie.test")
    open_schedule(page)
    page.get_by_label("Temat przewodni").fill("Dostępność cyfrowa")
    page.get_by_label("online", exact=True).check()
    page.get_by_label("Rozpoczęcie").fill("2029-05-16T10:00")
    page.get_by_label("Zakończenie").fill("2029-05-16T13:00")
    page.get_by_label("Link do spotkania online").fill("https://spotkania.example.org/wcag")
    rows = [page.get_by_role("group", name=f"Punkt programu {n}") for n in (1, 2, 3)]
    typed = [("10:00", "Otwarcie"), ("10:30", "Do usunięcia"), ("11:00", "Audyt strony")]
    for row, (time, topic) in zip(rows, typed, strict=True):
        row.get_by_label("Godzina").fill(time)
        row.get_by_label("Temat").fill(topic)
    page.get_by_role("button", name="Usuń (Punkt programu 2)").click()
    # The rows are numbered anew: the third is now the second.
    expect(page.get_by_role("group", name="Punkt programu 2").get_by_label("Temat")).to_have_value(
        "Audyt strony"
    )
    page.get_by_role("button", name="Dodaj kolejny punkt programu").click()
    added = page.get_by_role("group", name="Punkt programu 3")
    expect(added.get_by_label("Godzina")).to_be_focused()
    added.get_by_label("Godzina").fill("12:00")
    added.get_by_label("Temat").fill("Pytania")
    added.get_by_label("Prowadzący").fill("Ewa Ekspertka")
    assert axe_violations(page) == []
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=screenshot_dir() / f"meeting-form-agenda-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Zapisz spotkanie").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dostępność cyfrowa")
    agenda = page.locator(".agenda")
    expect(agenda).to_contain_text("Otwarcie")
    expect(agenda).to_contain_text("Audyt strony")
    expect(agenda).to_contain_text("Ewa Ekspertka")
    expect(agenda).not_to_contain_text("Do usunięcia")


def test_without_javascript_add_another_goes_through_the_server(browser, live_server, demo):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="pl-PL",
        java_script_enabled=False,
    )  # fmt: skip
    page = context.new_page()
    try:
        log_in_with_form(page, "koordynator@empirie.test")
        open_schedule(page)
        page.get_by_label("Temat przewodni").fill("Bez skryptów")
        first = page.get_by_role("group", name="Punkt programu 1")
        first.get_by_label("Godzina").fill("09:00")
        first.get_by_label("Temat").fill("Kawa")
        for _ in range(2):  # from three rows to five
            page.get_by_role("button", name="Dodaj kolejny punkt programu").click()
        # The new row's first field takes the focus (the autofocus attribute, no script).
        expect(
            page.get_by_role("group", name="Punkt programu 5").get_by_label("Godzina")
        ).to_be_focused()
        expect(page.get_by_label("Temat przewodni")).to_have_value("Bez skryptów")
        expect(
            page.get_by_role("group", name="Punkt programu 1").get_by_label("Temat")
        ).to_have_value("Kawa")
        expect(page.locator("#error-summary")).to_have_count(0)
        # The summary is focused by the autofocus attribute alone.
        page.get_by_role("button", name="Zapisz spotkanie").click()
        expect(page.locator("#error-summary")).to_be_focused()
    finally:
        context.close()


def test_a_meeting_in_the_past_is_scheduled_once_confirmed(page, demo):
    log_in_with_form(page, "koordynator@empirie.test")
    open_schedule(page)
    page.get_by_label("Temat przewodni").fill("Spotkanie, które już było")
    page.get_by_label("online", exact=True).check()
    page.get_by_label("Rozpoczęcie").fill("2021-06-07T10:00")
    page.get_by_label("Zakończenie").fill("2021-06-07T12:00")
    page.get_by_label("Link do spotkania online").fill("https://spotkania.example.org/bylo")
    page.get_by_role("button", name="Zapisz spotkanie").click()
    expect(page.locator("#error-summary")).to_contain_text("w przeszłości")
    expect(page.get_by_label("Temat przewodni")).to_have_value("Spotkanie, które już było")
    page.get_by_label("Tak, zaplanuj spotkanie w przeszłości").check()
    page.get_by_role("button", name="Zapisz spotkanie").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Spotkanie, które już było")


def test_a_clerk_gives_contact_persons_as_rows(page, demo):
    log_in_with_form(page, "pracownik@empirie.test")
    page.get_by_role("link", name="Dobre praktyki").click()
    page.get_by_role("link", name="Dodaj praktykę swojego miasta").click()
    expect(page.get_by_label("Kategoria")).to_have_value("")
    expect(page.locator("#id_category option").first).to_have_text("— wybierz kategorię —")
    page.get_by_label("Tytuł").fill("Rowerem do urzędu")
    page.get_by_label("Kategoria").select_option(label="Usługi społeczne")
    page.get_by_label("Skrót").fill("Stojaki i szatnia dla pracowników dojeżdżających rowerem.")
    first = page.get_by_role("group", name="Osoba kontaktowa 1")
    first.get_by_label("Imię i nazwisko").fill("Anna Nowak")
    first.get_by_label("Telefon").fill("13 446 32 00")
    first.get_by_label("E-mail").fill("anna.nowak(at)jaslo.pl")
    page.get_by_role("button", name="Dodaj kolejną osobę kontaktową").click()
    second = page.get_by_role("group", name="Osoba kontaktowa 2")
    expect(second.get_by_label("Imię i nazwisko")).to_be_focused()
    second.get_by_label("Imię i nazwisko").fill("Jan Lis")
    page.get_by_role("button", name="Zapisz wersję roboczą").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Osoba kontaktowa 1: Podaj adres e-mail")
    assert axe_violations(page) == []
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(
            path=screenshot_dir() / f"practice-form-contacts-{width}.png", full_page=True
        )
    page.set_viewport_size({"width": 1280, "height": 900})
    summary.get_by_role("link", name=re.compile("Osoba kontaktowa 1")).click()
    email = page.get_by_role("group", name="Osoba kontaktowa 1").get_by_label("E-mail")
    expect(email).to_be_focused()
    email.fill("anna.nowak@jaslo.pl")
    page.get_by_role("button", name="Zapisz wersję roboczą").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rowerem do urzędu")
    expect(page.get_by_text("anna.nowak@jaslo.pl")).to_be_visible()
    expect(page.get_by_text("Jan Lis")).to_be_visible()


def test_a_form_sent_without_a_valid_token_gets_the_portals_page(page, demo, live_server):
    """A form opened before logging in again (its token no longer the session's) says what
    happened and what to do, in Polish, on an accessible page."""
    log_in_with_form(page, "koordynator@empirie.test")
    open_schedule(page)
    page.get_by_label("Temat przewodni").fill("Budżet obywatelski")
    page.context.add_cookies([{"name": "csrftoken", "value": "x" * 32, "url": live_server.url}])
    page.get_by_role("button", name="Zapisz spotkanie").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Formularz wygasł")
    expect(page).to_have_title(re.compile("^Formularz wygasł"))
    assert axe_violations(page) == []
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=screenshot_dir() / f"form-expired-{width}.png", full_page=True)
