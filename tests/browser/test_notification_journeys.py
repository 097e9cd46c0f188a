"""One language per reader, in the browser: news made while the portal spoke Polish reads in
English on the English interface, and e-mails follow the language chosen on the profile."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts import services
from accounts.models import Notification, User
from tests.browser.conftest import axe_violations, screenshot_dir

DEPUTY = "zastepca@empirie.test"  # the demo's deputy mayor, whose function awaits verification


def verify_deputy():
    """A coordinator verifies the deputy's function: the notice is made in Polish."""
    deputy = User.objects.get(email=DEPUTY)
    coordinator = User.objects.get(email="koordynator@empirie.test")
    services.function_decide(
        profile_id=deputy.profile.pk, by=coordinator, verified=True,
        seen_function=deputy.profile.function, seen_city_id=deputy.profile.city_id,
    )  # fmt: skip
    return deputy


def test_the_english_interface_shows_english_notifications_and_e_mails(page, demo, log_in):
    deputy = verify_deputy()
    log_in(DEPUTY)

    page.goto("/konto/powiadomienia/")
    news = page.get_by_role("link", name="Twoja funkcja została zweryfikowana: zastępca burmistrza")
    expect(news).to_be_visible()
    expect(page.get_by_text("Możesz teraz brać udział w sieci dla liderów.")).to_be_visible()

    page.get_by_role("button", name="English").click()
    expect(page).to_have_url(re.compile(r"/en/konto/powiadomienia/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    news = page.get_by_role("link", name="Your function has been verified: deputy mayor")
    expect(news).to_be_visible()
    expect(page.get_by_text("You may now take part in the leaders' network.")).to_be_visible()
    expect(page.get_by_text("zweryfikowana")).to_have_count(0)
    assert axe_violations(page) == []
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(
            path=str(screenshot_dir() / f"notifications-en-{width}.png"), full_page=True
        )
    page.set_viewport_size({"width": 1280, "height": 900})

    # The link keeps the reader in English, to the profile, where e-mails' language is chosen.
    news.click()
    expect(page).to_have_url(re.compile(r"/en/konto/profil/$"))
    language = page.get_by_role("group", name="Language of e-mails")
    expect(language.get_by_label("polski")).to_be_checked()  # signed up in Polish
    language.get_by_label("English").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your profile has been saved.")).to_be_visible()
    assert axe_violations(page) == []
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(screenshot_dir() / f"profile-en-{width}.png"), full_page=True)

    deputy.profile.refresh_from_db()
    assert deputy.profile.language == "en"
    # The next news is e-mailed in English, with a link into the English interface.
    mail.outbox.clear()
    notice = services.notify(
        recipient=deputy, kind="meeting_cancelled",
        params={"topic": "Forum liderów", "reason": "Brak sali."}, url="/spotkania/",
    )  # fmt: skip
    services.notification_email_deliver(notice.pk)  # unless the queue already did
    (message,) = [m for m in mail.outbox if "Forum liderów" in m.subject]
    assert message.subject == "[EMPIRIE] Meeting cancelled: Forum liderów"
    assert "Brak sali." in message.body and "Hello" in message.body
    assert "/en/spotkania/" in message.body
    assert Notification.objects.filter(recipient=deputy).count() == 2


@pytest.mark.parametrize("width", [1280, 375])
def test_screenshots_of_the_polish_notifications_and_profile(page, demo, log_in, width):
    verify_deputy()
    log_in(DEPUTY)
    page.set_viewport_size({"width": width, "height": 900})
    for name, path in [("notifications", "/konto/powiadomienia/"), ("profile", "/konto/profil/")]:
        page.goto(path)
        target = screenshot_dir() / f"{name}-{width}.png"
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 5_000
    assert axe_violations(page) == []
