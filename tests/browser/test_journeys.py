"""The journeys of a newcomer, clicked and typed as a person would."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.models import User
from cities.models import City
from tests.conftest import wait_for

DEMO_PASSWORD = "empirie-demo-2026"


def test_sign_up_confirm_log_in_switch_language_browse_and_log_out(page, demo, celery_worker):
    page.goto("/")
    page.get_by_role("navigation", name="Menu główne").get_by_role(
        "link", name="Zarejestruj się"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Zarejestruj się")

    page.get_by_label("Adres e-mail").fill("promocja@jaslo.example.org")
    page.get_by_label("Imię").fill("Katarzyna")
    page.get_by_label("Nazwisko").fill("Wiśniewska")
    page.get_by_label("Miasto").select_option(label="Jasło")
    page.get_by_label("Funkcja").select_option(label="pracownik urzędu miasta")
    page.get_by_label("Hasło:", exact=True).fill("Sieci-Wymiany-2026")
    page.get_by_label("Hasło (ponownie)").fill("Sieci-Wymiany-2026")
    page.get_by_label("Hasło (ponownie)").press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Zweryfikuj swój adres e-mail")
    person = User.objects.get(email="promocja@jaslo.example.org")
    assert person.profile.city == City.objects.get(name="Jasło")

    def confirmation():
        return [m for m in mail.outbox if m.to == ["promocja@jaslo.example.org"]]

    assert wait_for(lambda: len(confirmation()) == 1), "the confirmation e-mail never arrived"
    link = re.search(r"https?://\S+/confirm-email/\S+/", confirmation()[0].body).group(0)
    page.goto(re.sub(r"^https?://[^/]+", "", link))
    page.get_by_role("button", name="Potwierdź").click()
    expect(page.get_by_text("Zalogowano jako Katarzyna Wiśniewska", exact=True)).to_be_visible()

    page.get_by_role("button", name="English").click()
    expect(page).to_have_url(re.compile(r"/en/pulpit/$"))  # a logged-in person's home
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Your desk")).to_be_visible()
    page.get_by_role("link", name="Networks", exact=True).click()
    expect(page.get_by_role("heading", name="The networks")).to_be_visible()

    page.get_by_role("link", name="LEADERSHIP = PRZYWÓDZTWO, WIZJA i ODPOWIEDZIALNOŚĆ").click()
    expect(page.get_by_role("note")).to_contain_text("This network is closed")
    expect(page.get_by_role("heading", name="Member cities (26)")).to_be_visible()

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
    expect(page.get_by_text("Logged in as")).to_have_count(0)


def test_a_failed_log_in_says_why_in_polish_and_keeps_the_e_mail(page, demo):
    page.goto("/konto/login/")
    page.get_by_label("Adres e-mail").fill("pracownik@empirie.test")
    page.get_by_label("Hasło").fill("nie-to-haslo")
    page.get_by_role("button", name="Zaloguj").click()

    # Said once, by the summary that takes the focus; shown at the form too, without an alert.
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#error-summary")).to_contain_text(
        "Podany adres e-mail i/lub hasło są niepoprawne."
    )
    expect(page.get_by_role("alert")).to_have_count(0)
    expect(page.get_by_label("Adres e-mail")).to_have_value("pracownik@empirie.test")


def test_log_in_and_out_with_the_keyboard_alone(page, demo):
    page.goto("/")
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Przejdź do treści głównej")
    expect(skip_link).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    page.goto("/konto/login/")
    login = page.get_by_label("Adres e-mail")
    login.focus()
    page.keyboard.type("lider@empirie.test")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Hasło")).to_be_focused()
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_text("Zalogowano jako Marta Prezydencka", exact=True)).to_be_visible()

    logout = page.get_by_role("button", name="Wyloguj się")
    logout.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Zaloguj się")).to_be_visible()


@pytest.mark.parametrize("width", [320, 375, 1280])
def test_pages_fit_the_screen_without_sideways_scrolling(page, demo, width):
    page.set_viewport_size({"width": width, "height": 800})
    for path in ["/", "/sieci/siec-dla-liderow/", "/konto/signup/", "/deklaracja-dostepnosci/"]:
        page.goto(path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"
