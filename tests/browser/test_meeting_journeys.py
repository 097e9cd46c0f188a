"""Meetings in the browser: a coordinator schedules, a member registers and takes the .ics."""

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
    page.get_by_label("Rozpoczęcie").fill("2027-04-14T10:00")
    page.get_by_label("Zakończenie").fill("2027-04-14T15:00")
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
    assert event.decoded("dtstart").isoformat() == "2027-04-14T10:00:00+02:00"
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
