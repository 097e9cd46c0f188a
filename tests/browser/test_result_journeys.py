"""A network's result in the browser: an expert drafts it, the coordinator opens it to the
observers, an observer gives an opinion, a member replies, the coordinator hides an abusive
comment and publishes the result, which a visitor then reads."""

from playwright.sync_api import expect

from tests.browser.conftest import axe_violations
from tests.browser.test_membership_journeys import log_in_with_form, log_out

TITLE = "Raport: cyfrowe usługi w małych urzędach"
ABUSE = "Autorzy tego raportu to nieuki"


def test_a_result_goes_from_draft_to_observers_to_everyone(page, demo):
    log_in_with_form(page, "ekspert@empirie.test")
    page.goto("/sieci/miasto-cyfrowe/wnetrze/")
    page.get_by_role("link", name="Przygotuj wynik").click()
    page.get_by_label("raport").check()
    page.get_by_label("Tytuł").fill(TITLE)
    page.get_by_role("button", name="Zapisz wynik").click()  # no summary: refused, nothing lost
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.get_by_label("Tytuł")).to_have_value(TITLE)
    page.get_by_label("Streszczenie").fill("Co działa w urzędach do 50 tys. mieszkańców.")
    # The error summary's script runs before the editor's: wait until the editor has replaced
    # the textarea, or the fill lands on a textarea about to be hidden.
    expect(page.locator("textarea[name=body]")).to_be_hidden()
    page.get_by_role("textbox", name="Treść").fill("Pięć wniosków z trzech spotkań.")
    page.get_by_role("button", name="Zapisz wynik").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_role("note")).to_contain_text("szkic")
    log_out(page)

    log_in_with_form(page, "koordynator@empirie.test")
    page.get_by_role("link", name="Powiadomienia").click()
    page.get_by_role("link", name=f"Nowy szkic wyniku w sieci MIASTO CYFROWE: {TITLE}").click()
    page.get_by_role("link", name="Udostępnij szerzej").click()
    page.get_by_label("dla obserwatorów").check()
    page.get_by_role("button", name="Udostępnij").click()
    expect(page.get_by_role("note")).to_contain_text("dla obserwatorów")
    log_out(page)

    log_in_with_form(page, "obserwator@empirie.test")
    page.get_by_role("link", name="Wyniki", exact=True).click()
    page.get_by_role("link", name="Wyniki czekające na Twoją opinię").click()
    page.get_by_role("link", name=TITLE).click()
    page.get_by_label("Opinia").fill("W Bochni sprawdziło się to samo: https://www.bochnia.pl")
    page.get_by_role("button", name="Dodaj opinię").click()
    expect(page.get_by_role("link", name="https://www.bochnia.pl")).to_be_visible()
    page.get_by_label("Opinia").fill(ABUSE)
    page.get_by_role("button", name="Dodaj opinię").click()
    expect(page.get_by_text(ABUSE)).to_be_visible()
    result_url = page.url.split("#")[0]
    log_out(page)

    log_in_with_form(page, "pracownik@empirie.test")
    page.goto(result_url)
    opinion = page.locator("li").filter(has_text="W Bochni sprawdziło się").first
    opinion.get_by_text("Odpowiedz").first.click()  # opens the reply form (keyboard: Enter)
    opinion.get_by_label("Twoja odpowiedź").fill("Dziękujemy, dopiszemy Bochnię do raportu.")
    opinion.get_by_role("button", name="Wyślij odpowiedź").click()
    expect(page.locator(".comment-replies")).to_contain_text("dopiszemy Bochnię")
    log_out(page)

    log_in_with_form(page, "koordynator@empirie.test")
    page.goto(result_url)
    abusive = page.locator("article.comment").filter(has_text=ABUSE)
    abusive.get_by_role("link", name="Ukryj").click()
    page.get_by_label("Uzasadnienie").fill("Obraża autorów.")
    page.get_by_role("button", name="Ukryj opinię").click()
    expect(page.get_by_text("Ukryty przez moderatora.")).to_be_visible()
    page.get_by_role("link", name="Udostępnij szerzej").click()
    page.get_by_label("publiczny (wszyscy)").check()
    page.get_by_role("button", name="Udostępnij").click()
    expect(page.get_by_role("note")).to_contain_text("publiczny")
    log_out(page)

    # A visitor reads the public result: the opinion and the reply, not the abuse.
    page.goto(result_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text("Ukryty przez moderatora.")).to_be_visible()
    expect(page.get_by_text(ABUSE)).to_have_count(0)
    expect(page.get_by_text("dopiszemy Bochnię")).to_be_visible()
    assert axe_violations(page) == []
    feed = page.request.get("/wyniki/kanal.atom").text()
    assert TITLE in feed
