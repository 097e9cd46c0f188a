"""Meetings in the browser: a coordinator schedules, a member registers and takes the .ics."""

import re

import icalendar
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations
from tests.browser.test_membership_journeys import log_in_with_form, log_out


def test_a_coordinator_schedules_a_hybrid_meeting_and_a_member_registers_online(page, demo):
    log_in_with_form(page, "koordynator@empirie.test")
    page.goto("/sieci/miasto-cyfrowe/wnetrze/")
    page.get_by_role("link", name="Zaplanuj spotkanie").click()
    page.get_by_label("Temat przewodni").fill("Cyberbezpieczeństwo w urzędzie")
    page.get_by_label("Hybrydowy").check()
    page.get_by_label("Rozpoczęcie").fill("2029-04-18T10:00")
    page.get_by_label("Zakończenie").fill("2029-04-18T15:00")
    page.get_by_label("Adres miejsca spotkania").fill("Urząd Miasta Krosna, ul. Lwowska 28a")
    # No link for a hybrid meeting: refused, and everything typed stays.
    page.get_by_role("button", name="Zapisz spotkanie").click()
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.get_by_label("Temat przewodni")).to_have_value("Cyberbezpieczeństwo w urzędzie")
    page.get_by_label("Link do spotkania online").fill("https://spotkania.example.org/cyber")
    first = page.get_by_role("group", name="Punkt programu 1")
    first.get_by_label("Godzina").fill("10:00")
    first.get_by_label("Temat").fill("Otwarcie")
    first.get_by_label("Prowadzący").fill("Tomasz Doradca")
    second = page.get_by_role("group", name="Punkt programu 2")
    second.get_by_label("Godzina").fill("11:00")
    second.get_by_label("Temat").fill("Warsztaty")
    page.get_by_role("button", name="Zapisz spotkanie").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cyberbezpieczeństwo w urzędzie")
    expect(page.get_by_text("Warsztaty")).to_be_visible()
    log_out(page)

    log_in_with_form(page, "pracownik@empirie.test")
    page.get_by_role("link", name="Spotkania", exact=True).click()
    page.get_by_role("link", name="Cyberbezpieczeństwo w urzędzie").click()
    expect(page.get_by_text("widoczny dla zapisanych uczestników")).to_be_visible()
    page.get_by_label("online", exact=True).check()
    page.get_by_role("button", name="Zapisz się").click()
    expect(page.get_by_role("link", name="https://spotkania.example.org/cyber")).to_be_visible()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Dodaj do kalendarza (.ics)").click()
    with open(download_info.value.path(), "rb") as ics:
        event = icalendar.Calendar.from_ical(ics.read()).walk("VEVENT")[0]
    assert "Cyberbezpieczeństwo w urzędzie" in str(event["summary"])
    # 10:00 in Warsaw (CEST), said in Warsaw time with its zone; 08:00 UTC.
    assert event.decoded("dtstart").isoformat() == "2029-04-18T10:00:00+02:00"
    assert str(event["dtstart"].params["TZID"]) == "Europe/Warsaw"
    assert "https://spotkania.example.org/cyber" in str(event["location"])  # registered


def test_the_coordinator_publishes_the_report_with_two_photos(page, demo, tmp_path, celery_worker):
    from PIL import Image

    photos = []
    for number, colour in enumerate(["navy", "darkgreen"], start=1):
        path = tmp_path / f"zdjecie-{number}.jpg"
        Image.new("RGB", (800, 600), colour).save(path, format="JPEG")
        photos.append(path)

    log_in_with_form(page, "koordynator@empirie.test")
    page.goto("/sieci/siec-dla-liderow/wnetrze/")
    # A meeting of 2022: older than a year, so the inside sends to the archive.
    page.get_by_role("link", name="Starsze spotkania są w archiwum").click()
    page.get_by_role("link", name="Skuteczna komunikacja z mieszkańcami").click()
    page.get_by_role("link", name="Napisz relację").click()
    page.locator("#id_body-editor").fill("Warsztaty o komunikacji.")  # the rich-text editor
    page.get_by_label("Opublikowana").check()
    page.get_by_role("button", name="Zapisz relację").click()
    expect(page.get_by_role("status")).to_contain_text("Zapisano relację")

    for number, path in enumerate(photos, start=1):
        page.get_by_label("Zdjęcie:", exact=True).set_input_files(path)
        page.get_by_label("Co przedstawia zdjęcie").fill(f"Uczestnicy warsztatów, ujęcie {number}")
        page.get_by_role("button", name="Dodaj zdjęcie").click()
        expect(page.get_by_role("status")).to_contain_text("Dodano zdjęcie")

    page.get_by_role("link", name="Zobacz relację").click()
    expect(page.get_by_text("Warsztaty o komunikacji.")).to_be_visible()
    report_url = page.url
    gallery = page.get_by_role("img", name="Uczestnicy warsztatów")
    expect(gallery).to_have_count(2)
    # The thumbnails really load (served through the permission check).
    gallery.last.scroll_into_view_if_needed()
    # Polled from here: a predicate string would run as eval, which the page's CSP refuses
    # (the reason this step failed now and then).
    images = page.locator(".gallery img")
    for index in range(images.count()):
        expect(images.nth(index)).to_have_js_property("complete", True)
        expect(images.nth(index)).not_to_have_js_property("naturalWidth", 0)
    assert axe_violations(page) == []
    log_out(page)

    # Not for those outside the closed network.
    log_in_with_form(page, "pracownik@empirie.test")
    assert page.goto(report_url).status == 404


COMING = "E-usługi w urzędzie: od wniosku papierowego do cyfrowego"


def test_a_full_meeting_the_waiting_list_a_place_frees_and_the_next_person_confirms(page, demo):
    # The city clerk finds the meeting full and joins its waiting list, third in line.
    log_in_with_form(page, "pracownik@empirie.test")
    page.goto("/spotkania/")
    page.get_by_role("link", name=COMING).click()
    page.get_by_role("button", name="Zapisz się na listę oczekujących").click()
    expect(page.get_by_text("Jesteś na liście oczekujących, numer 3 w kolejce")).to_be_visible()
    log_out(page)

    # The coordinator moves them to the front and adds a place: it is offered to them.
    log_in_with_form(page, "koordynator@empirie.test")
    page.goto("/spotkania/")
    page.get_by_role("link", name=COMING).click()
    for _ in range(2):
        page.get_by_role("button", name=re.compile(r"W górę\W+Piotr Urzędnik")).click()
    rows = page.locator("table", has=page.get_by_text("Piotr Urzędnik")).locator("tbody tr")
    expect(rows.first).to_contain_text("Piotr Urzędnik")
    page.get_by_role("link", name="Edytuj lub zmień termin").click()
    capacity = page.get_by_label("Liczba miejsc")
    capacity.fill(str(int(capacity.input_value()) + 1))
    page.get_by_role("button", name="Zapisz spotkanie").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(COMING)
    log_out(page)

    # The clerk is told, and confirms the place held for them with one button.
    log_in_with_form(page, "pracownik@empirie.test")
    page.goto("/spotkania/")
    page.get_by_role("link", name=COMING).click()
    expect(page.get_by_text("Zwolniło się miejsce dla Ciebie.")).to_be_visible()
    page.get_by_role("button", name="Potwierdzam udział").click()
    expect(page.get_by_text("Masz zapis na to spotkanie")).to_be_visible()
    assert not axe_violations(page)


def test_a_coordinator_plans_two_quarters_and_publishes_one(page, demo):
    log_in_with_form(page, "koordynator@empirie.test")
    page.goto("/sieci/miasto-cyfrowe/wnetrze/")
    page.get_by_role("link", name="Plan spotkań").click()
    expect(page.get_by_text("zaplanowane, szkic").first).to_be_visible()  # the demo's plan
    page.get_by_label("Liczba kwartałów").select_option("2")
    page.get_by_role("button", name="Zaproponuj terminy").click()
    quarters = page.locator("fieldset.plan-quarter")
    expect(quarters).to_have_count(2)
    first = quarters.nth(0)
    first_quarter = first.locator("legend").inner_text()
    first.get_by_label("Temat roboczy").fill("Sztuczna inteligencja w urzędzie")
    # A day outside its quarter: said at the field, and everything typed stays.
    day = first.get_by_label("Proponowany dzień").input_value()
    first.get_by_label("Proponowany dzień").fill("2020-01-15")
    page.get_by_role("button", name="Zaplanuj te spotkania jako szkice").click()
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#error-summary")).to_contain_text(f"Wybierz dzień w {first_quarter}")
    first = page.locator("fieldset.plan-quarter").nth(0)
    expect(first.get_by_label("Temat roboczy")).to_have_value("Sztuczna inteligencja w urzędzie")
    first.get_by_label("Proponowany dzień").fill(day)
    page.locator("fieldset.plan-quarter").nth(1).get_by_label(
        "Zaplanuj spotkanie w tym kwartale"
    ).uncheck()
    page.get_by_role("button", name="Zaplanuj te spotkania jako szkice").click()
    expect(page.get_by_role("status")).to_contain_text("Zaplanowano 1 spotkanie jako szkic")
    assert not axe_violations(page)

    # The draft gets its venue and is published: the members see it.
    page.get_by_role("link", name="Sztuczna inteligencja w urzędzie").click()
    expect(page.get_by_text("Szkic planu spotkań.")).to_be_visible()
    page.get_by_role("link", name="Uzupełnij szczegóły").click()
    page.get_by_label("Adres miejsca spotkania").fill("Urząd Miasta Konina, pl. Wolności 1")
    page.get_by_role("button", name="Zapisz i opublikuj").click()
    expect(page.get_by_role("status")).to_contain_text("Spotkanie zostało opublikowane")
    log_out(page)
    log_in_with_form(page, "pracownik@empirie.test")
    page.goto("/spotkania/")
    expect(page.get_by_role("link", name="Sztuczna inteligencja w urzędzie")).to_be_visible()
    expect(page.get_by_text("Spotkanie w II kw. 2027")).to_have_count(0)  # drafts stay hidden
