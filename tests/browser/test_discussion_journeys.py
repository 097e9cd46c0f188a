"""A network's discussions in the browser: a member asks by keyboard, an observer answers,
the member marks the answer as solved; a leaders' thread reaches nobody outside that
network; a reader is mentioned with the autocomplete, by keyboard; every discussion page
passes axe at desktop and phone widths, in Polish and English, and is photographed."""

import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from accounts.choices import NotificationKind
from accounts.models import Notification, Profile, User
from discussions.models import Thread
from tests.browser.conftest import axe_violations, screenshot_dir
from tests.browser.pages import demo_question, demo_question_post, demo_reply
from tests.browser.test_membership_journeys import log_in_with_form, log_out

QUESTION = "Kto ma doświadczenie z czatem dla mieszkańców?"
ANSWER = "W Bochni czat działa od roku, odpowiadają pracownicy biura obsługi."
SECRET = "Budżet liderów na 2027: propozycja wspólnego stanowiska"


def tab_to(page, selector, limit=80):
    """Press Tab until the focused element matches the CSS selector, as a keyboard user moves."""
    for _press in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("selector => document.activeElement.matches(selector)", selector):
            return
    raise AssertionError(f"{selector} not reached in {limit} Tab presses")


def messages(page):
    """What the page says of the last action (the mention list has a status of its own)."""
    return page.locator("main > [role=status]")


def test_a_member_asks_an_observer_answers_and_the_member_marks_it_solved(page, demo, tmp_path):
    photo = tmp_path / "czat.jpg"
    Image.new("RGB", (800, 600), "navy").save(photo, format="JPEG")
    log_in_with_form(page, "pracownik@empirie.test")
    page.goto("/sieci/miasto-cyfrowe/dyskusje/")
    # The question by keyboard alone, from the top of the page.
    tab_to(page, "main a[href$='/dyskusje/nowy/']")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Rozpocznij wątek")
    tab_to(page, "input[name=kind]")
    page.keyboard.press("Space")  # the first kind: a question to the network
    expect(page.get_by_label("pytanie do sieci")).to_be_checked()
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # the second audience: the observer cities too
    expect(page.get_by_label("osoby z sieci i miasta obserwatorzy")).to_be_checked()
    page.keyboard.press("Tab")
    page.keyboard.type(QUESTION)
    page.keyboard.press("Tab")
    page.keyboard.type("Rozważamy czat na stronie urzędu. Jak to zorganizowaliście?")
    tab_to(page, "main form button.button--primary")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(QUESTION)
    expect(messages(page)).to_contain_text("Wątek rozpoczęty")
    log_out(page)

    # The observer hears of it and answers with a photo of their chat, by keyboard too (the
    # file itself is chosen in the system's dialog, which no page controls).
    log_in_with_form(page, "obserwator@empirie.test")
    page.get_by_role("link", name="Powiadomienia").click()
    page.get_by_role("link", name=re.compile(QUESTION)).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(QUESTION)
    tab_to(page, "textarea[name=body]")
    page.keyboard.type(ANSWER)
    page.locator("#odpowiedz input[name=photos-0-image]").set_input_files(photo)
    tab_to(page, "#odpowiedz input[name=photos-0-caption]")
    page.keyboard.type("Okno czatu na stronie urzędu")
    tab_to(page, "#odpowiedz button.button--primary")
    page.keyboard.press("Enter")
    expect(messages(page)).to_contain_text("Odpowiedź dodana")
    answered = page.locator("article.comment").filter(has_text=ANSWER)
    expect(answered).to_be_visible()
    # The photo, by its caption (its thumbnail is made by a worker, which may not be done).
    expect(
        answered.get_by_role("link", name=re.compile("Okno czatu na stronie urzędu"))
    ).to_be_visible()
    log_out(page)

    # The member hears of the reply and marks it as the one that solved the question.
    log_in_with_form(page, "pracownik@empirie.test")
    page.get_by_role("link", name="Powiadomienia").click()
    page.get_by_role("link", name=re.compile(f"odpowiada w wątku {QUESTION}")).first.click()
    answer = page.locator("article.comment").filter(has_text=ANSWER)
    answer.get_by_role("button", name="To rozwiązało moje pytanie").click()
    expect(messages(page)).to_contain_text("rozwiązała pytanie")
    expect(page.locator(".notice--ok")).to_contain_text("Jan Obserwator")
    expect(answer).to_contain_text("rozwiązanie pytania")
    assert axe_violations(page) == []
    page.get_by_role("navigation", name="Ścieżka nawigacyjna").get_by_role(
        "link", name="Dyskusje"
    ).click()
    row = page.locator(".thread-row").filter(has_text=QUESTION)
    expect(row).to_contain_text("rozwiązane")
    expect(row).not_to_contain_text("czeka na odpowiedź")
    assert axe_violations(page) == []
    # The observer is told their answer solved it.
    observer = User.objects.get(email="obserwator@empirie.test")
    told = Notification.objects.filter(recipient=observer, kind=NotificationKind.DISCUSSION_SOLVED)
    assert told.filter(params__title=QUESTION).count() == 1
    log_out(page)

    # The coordinator turns the solved question into a draft result of the network.
    log_in_with_form(page, "koordynator@empirie.test")
    page.goto("/sieci/miasto-cyfrowe/dyskusje/")
    page.get_by_role("link", name=QUESTION).click()
    page.get_by_role("link", name="Zamień w wynik lub praktykę").click()
    page.get_by_label("szkic wyniku sieci").check()
    page.get_by_role("button", name="Utwórz szkic").click()
    expect(messages(page)).to_contain_text("Szkic wyniku jest gotowy")
    expect(page.get_by_label(re.compile(r"^Tytuł:?$"))).to_have_value(QUESTION)
    assert axe_violations(page) == []


def test_a_leaders_thread_reaches_nobody_outside_the_leaders_network(page, demo, log_in):
    log_in_with_form(page, "lider@empirie.test")
    page.goto("/sieci/siec-dla-liderow/dyskusje/nowy/")
    expect(page.get_by_text("Przeczytają go tylko zweryfikowani członkowie sieci")).to_be_visible()
    page.get_by_label("dyskusja").check()
    page.get_by_label(re.compile(r"^Tytuł:?$")).fill(SECRET)
    page.get_by_label("Twój wpis").fill("Proponuję wspólne stanowisko wobec ustawy o dochodach.")
    page.get_by_role("button", name="Rozpocznij wątek").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(SECRET)
    thread = Thread.objects.get(title=SECRET)
    log_out(page)

    # A fellow mayor heard of it while a member; then the coordinator withdraws the
    # verification (the mayor left office), on the portal.
    mayor = User.objects.get(email="lider.hajnowka@empirie.test")
    assert Notification.objects.filter(recipient=mayor, params__title=SECRET).count() == 1
    log_in_with_form(page, "koordynator@empirie.test")
    page.goto(f"/konto/funkcje/{Profile.objects.get(user=mayor).pk}/")
    page.get_by_label("Nie potwierdzaj / cofnij potwierdzenie").check()
    page.get_by_label("Uzasadnienie").fill("Kadencja burmistrza dobiegła końca.")
    page.get_by_role("button", name="Zapisz decyzję").click()
    expect(messages(page)).to_contain_text("Decyzja została zapisana")
    log_out(page)

    slug, pk = thread.network.slug, thread.pk
    addresses = [
        f"/sieci/{slug}/dyskusje/",
        f"/sieci/{slug}/dyskusje/{pk}/",
        f"/sieci/{slug}/dyskusje/{pk}/?strona=1",
        f"/sieci/{slug}/dyskusje/{pk}/wpisy/{thread.posts.get().pk}/zglos/",
        f"/sieci/{slug}/dyskusje/{pk}/osoby/?q=m",
        f"/sieci/{slug}/dyskusje/osoby/?q=m",
        f"/en/sieci/{slug}/dyskusje/{pk}/",
    ]
    outsiders = {
        "a thematic network's coordinator": "koordynator.2@empirie.test",
        "an observer": "obserwator@empirie.test",
        "the mayor whose verification was withdrawn": mayor.email,
    }
    for who, email in outsiders.items():
        log_in(email)
        for address in addresses:
            response = page.goto(address)
            assert response.status == 404, f"{address} for {who}: {response.status}"
            assert SECRET not in page.content(), f"{address} for {who}"
        for address in ("/konto/powiadomienia/", "/pulpit/", "/sieci/siec-dla-liderow/"):
            page.goto(address)
            expect(page.locator("main")).not_to_contain_text(SECRET)
            expect(page.locator("main")).not_to_contain_text("Budżet liderów")
    # The notification is still there, kept from those who may no longer read it.
    assert Notification.objects.filter(recipient=mayor, params__title=SECRET).count() == 1


def test_a_reader_is_mentioned_with_the_autocomplete_by_keyboard(page, demo, log_in):
    log_in("pracownik@empirie.test")
    question = demo_question()
    page.goto(f"/sieci/miasto-cyfrowe/dyskusje/{question['pk']}/?strona=1")
    text = page.get_by_role("combobox", name="Twoja odpowiedź")
    expect(text).to_have_attribute("aria-expanded", "false")
    tab_to(page, "textarea[name=body]")
    page.keyboard.type("Dziękuję, @malg")  # no diacritics typed: Małgorzata is found
    names = page.get_by_role("listbox", name="Osoby do wspomnienia")
    expect(names.get_by_role("option")).to_have_text(["Małgorzata Piotrowska"])
    expect(text).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#odpowiedz [role=status]")).to_contain_text("strzałki")
    assert axe_violations(page) == []  # the combobox and its open list, as axe reads them
    page.keyboard.press("ArrowDown")
    chosen = names.get_by_role("option", name="Małgorzata Piotrowska")
    expect(chosen).to_have_attribute("aria-selected", "true")
    expect(text).to_have_attribute("aria-activedescendant", chosen.get_attribute("id"))
    page.keyboard.press("Enter")
    expect(text).to_have_value("Dziękuję, @Małgorzata Piotrowska ")
    expect(names).to_be_hidden()
    expect(page.locator("#odpowiedz [role=status]")).to_contain_text("Małgorzata Piotrowska")

    # Escape closes the list and it stays closed while that name is typed on; Enter with no
    # name chosen is a new line, as in any text.
    page.keyboard.type("i @m")
    expect(names.get_by_role("option")).to_have_count(4)
    page.keyboard.press("ArrowUp")  # from the top to the last name
    expect(names.get_by_role("option").last).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Escape")
    expect(names).to_be_hidden()
    expect(text).to_have_attribute("aria-expanded", "false")
    page.keyboard.type("onika")
    page.keyboard.press("Enter")
    expect(names).to_be_hidden()
    expect(text).to_have_value("Dziękuję, @Małgorzata Piotrowska i @monika\n")
    page.keyboard.type("za odpowiedzi.")
    tab_to(page, "#odpowiedz button.button--primary")
    page.keyboard.press("Enter")
    expect(messages(page)).to_contain_text("Odpowiedź dodana")
    mentioned = Notification.objects.filter(kind=NotificationKind.DISCUSSION_MENTION)
    assert list(mentioned.values_list("recipient__email", flat=True)) == [
        "urzednik.chelm@empirie.test"
    ]

    # A new thread offers the readers of the audience chosen: an observer only when the
    # observer cities read it too.
    page.goto("/sieci/miasto-cyfrowe/dyskusje/nowy/")
    page.get_by_label("tylko osoby z sieci").check()
    body = page.get_by_role("combobox", name="Twój wpis")
    body.press_sequentially("Pytanie do @obs", delay=20)
    names = page.get_by_role("listbox", name="Osoby do wspomnienia")
    page.wait_for_timeout(600)  # the answer, had it found anyone
    expect(names).to_be_hidden()
    page.get_by_label("osoby z sieci i miasta obserwatorzy").check()
    body.press("Backspace")
    body.press_sequentially("s", delay=20)
    expect(names.get_by_role("option")).to_have_text(["Jan Obserwator"])


# The discussion pages and who opens them; each is checked at both widths in both languages.
PAGES = [
    ("list", "pracownik@empirie.test", lambda: "/sieci/miasto-cyfrowe/dyskusje/"),
    ("new", "pracownik@empirie.test", lambda: "/sieci/miasto-cyfrowe/dyskusje/nowy/"),
    ("thread", "pracownik@empirie.test", lambda: thread_path(demo_question()) + "?strona=1"),
    ("edit", "pracownik@empirie.test", lambda: post_path(demo_question_post(), "edycja")),
    ("delete", "pracownik@empirie.test", lambda: post_path(demo_question_post(), "usun")),
    ("report", "pracownik@empirie.test", lambda: post_path(demo_reply(), "zglos")),
    ("thread-coordinator", "koordynator@empirie.test",
     lambda: thread_path(demo_question()) + "?strona=1"),
    ("new-coordinator", "koordynator@empirie.test",
     lambda: "/sieci/miasto-cyfrowe/dyskusje/nowy/"),
    ("hide", "koordynator@empirie.test", lambda: post_path(demo_reply(), "ukryj")),
    ("move", "koordynator@empirie.test", lambda: thread_path(demo_question()) + "przenies/"),
    ("merge", "koordynator@empirie.test", lambda: thread_path(demo_question()) + "polacz/"),
    ("convert", "koordynator@empirie.test", lambda: thread_path(demo_question()) + "do-wiedzy/"),
    ("list-observer", "obserwator@empirie.test", lambda: "/sieci/miasto-cyfrowe/dyskusje/"),
    ("list-leaders", "lider@empirie.test", lambda: "/sieci/siec-dla-liderow/dyskusje/"),
]  # fmt: skip


def thread_path(question):
    return f"/sieci/{question['slug']}/dyskusje/{question['pk']}/"


def post_path(post, action):
    return f"{thread_path(post)}wpisy/{post['post']}/{action}/"


@pytest.mark.parametrize("language", ["pl", "en"])
@pytest.mark.parametrize("width", [1280, 375])
def test_every_discussion_page_passes_axe_and_is_photographed(page, demo, log_in, width, language):
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
        page.screenshot(
            path=str(folder / f"discussions-{name}-{width}{suffix}.png"), full_page=True
        )
    assert not failures, failures
