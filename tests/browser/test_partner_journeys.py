"""The directory of trusted partners in the browser: a clerk asks Bochnia about its practice
and its author answers, neither seeing the other's address; every page of the directory and
the messages passes axe at desktop and phone widths, in Polish and English, fits the screen,
and is photographed."""

import pytest
from playwright.sync_api import expect

from accounts.models import User
from partners.models import Conversation
from tests.browser.conftest import axe_violations, screenshot_dir
from tests.browser.pages import demo_conversation, demo_message, demo_practice
from tests.browser.test_membership_journeys import log_in_with_form, log_out

QUESTION = "Jak przekonaliście lokalnych przedsiębiorców do wspólnej promocji?"
ANSWER = "Zaczęliśmy od dwóch kawiarni na rynku; chętnie opowiem więcej przez telefon."


def test_a_clerk_asks_bochnia_about_its_practice_and_the_author_answers(page, demo):
    clerk = User.objects.get(email="pracownik@empirie.test")
    author = User.objects.get(email="obserwator@empirie.test")  # Bochnia's, the practice's author
    log_in_with_form(page, clerk.email)
    page.goto(f"/praktyki/{demo_practice()['slug']}/")
    page.locator("main a[href*='/konto/wiadomosci/nowa/praktyka/']").click()
    # An empty message is refused under the error summary, which takes the focus.
    page.locator("main form button.button--primary").click()
    expect(page.locator(".error-summary")).to_be_focused()
    page.locator("textarea[name=body]").fill(QUESTION)
    page.locator("main form button.button--primary").click()
    conversation = Conversation.objects.get(starter=clerk, recipient=author)
    expect(page).to_have_url(f"/konto/wiadomosci/{conversation.pk}/")
    expect(page.locator("main")).to_contain_text(QUESTION)
    expect(page.locator("main")).not_to_contain_text(author.email)
    log_out(page)

    # The author finds it counted in the header, opens it from their messages and answers.
    log_in_with_form(page, author.email)
    page.goto("/konto/wiadomosci/")
    expect(page.locator("main li.unread")).to_have_count(1)
    page.locator(f"main a[href='/konto/wiadomosci/{conversation.pk}/']").click()
    expect(page.locator("main")).to_contain_text(QUESTION)
    expect(page.locator("main")).not_to_contain_text(clerk.email)
    page.locator("textarea[name=body]").fill(ANSWER)
    page.locator("main form button.button--primary").first.click()
    expect(page.locator("main ol.message-list")).to_contain_text(ANSWER)
    log_out(page)

    log_in_with_form(page, clerk.email)
    page.goto("/konto/wiadomosci/")
    expect(page.locator("main li.unread")).to_have_count(1)
    page.goto(f"/konto/wiadomosci/{conversation.pk}/")
    expect(page.locator("main ol.message-list")).to_contain_text(ANSWER)
    expect(page.locator("main")).not_to_contain_text(author.email)


# name, who looks, the page
PAGES = [
    ("directory", "pracownik@empirie.test", lambda: "/sieci/miasto-cyfrowe/partnerzy/"),
    ("card", "ekspert@empirie.test",
     lambda: f"/partnerzy/{User.objects.get(email='pracownik@empirie.test').pk}/"),
    ("own-card-form", "pracownik@empirie.test", lambda: "/konto/wizytowka/"),
    ("ask-city", "pracownik@empirie.test",
     lambda: f"/konto/wiadomosci/nowa/praktyka/{demo_practice()['slug']}/"),
    ("conversations", "pracownik@empirie.test", lambda: "/konto/wiadomosci/"),
    ("conversation", "pracownik@empirie.test",
     lambda: f"/konto/wiadomosci/{demo_conversation()['pk']}/"),
    ("report", "pracownik@empirie.test",
     lambda: "/konto/wiadomosci/{pk}/{message}/zglos/".format(**demo_message())),
]  # fmt: skip


@pytest.mark.parametrize("language", ["pl", "en"])
@pytest.mark.parametrize("width", [1280, 375])
def test_every_partner_page_passes_axe_fits_and_is_photographed(
    page, demo, log_in, width, language
):
    folder = screenshot_dir()
    page.set_viewport_size({"width": width, "height": 900})
    prefix, suffix = ("", "") if language == "pl" else ("/en", "-en")
    failures = {}
    for name, email, path in PAGES:
        log_in(email)
        response = page.goto(prefix + path())
        assert response.status == 200, f"{name}: {response.status}"
        if violations := axe_violations(page):
            failures[name] = violations
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} at {width}: {overflow}px sideways"
        page.screenshot(path=str(folder / f"partners-{name}-{width}{suffix}.png"), full_page=True)
    assert not failures, failures
