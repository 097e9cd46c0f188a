"""Long texts are written in a rich-text editor (Quill, vendored) over the textarea: under the
portal's CSP without a single violation, with a toolbar a keyboard reaches and a screen reader
names in Polish, keeping what is pasted from Word that the page can show, and nothing else."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from playwright.sync_api import expect

from accounts.models import User
from empirie.sanitise import rich_text
from meetings.forms import ReportForm
from meetings.models import Meeting, MeetingReport
from practices.models import Practice
from results.models import Result
from tests.browser.conftest import axe_violations, screenshot_dir
from tests.rich_text import TOOLBAR_PL, WORD_CLIPBOARD

CLERK = "pracownik@empirie.test"
# What Word adds that none of the portal's pages may show.
WORD_JUNK = re.compile(r"mso|Mso|o:p|<span|style=|class=|<font|Calibri|Symbol|<!--|\[if", re.I)

# Every policy violation the page reports, and every error in its console, from the start.
WATCH = """
window.__problems = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__problems.push(`CSP ${e.violatedDirective} ${e.blockedURI} ${e.sample}`);
});
"""


@pytest.fixture
def watched(page):
    problems = []
    page.add_init_script(WATCH)

    def console(message):
        # The browser's own request for /favicon.ico (the portal has none) is not the page's.
        if message.type in ("error", "warning") and "favicon" not in message.location["url"]:
            problems.append(message.text)

    page.on("console", console)
    page.on("pageerror", lambda error: problems.append(str(error)))

    def reported():
        return problems + page.evaluate("window.__problems")

    reported.dialogs = []
    return reported


def screenshots(page, name):
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(screenshot_dir() / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def editor(page, label="Pełna prezentacja"):
    return page.get_by_role("textbox", name=label)


def test_the_editor_runs_under_the_policy_with_a_named_toolbar(page, demo, log_in, watched):
    log_in(CLERK)
    page.goto("/praktyki/nowa/")
    text = editor(page)
    expect(text).to_be_visible()
    expect(text).to_have_attribute("contenteditable", "true")
    source = page.locator("textarea[name=presentation]")
    expect(source).to_be_hidden()
    toolbar = page.get_by_role("toolbar", name="Formatowanie tekstu")
    for name in TOOLBAR_PL:
        expect(toolbar.get_by_role("button", name=name, exact=True)).to_be_visible()
    expect(text).to_have_attribute("aria-describedby", re.compile("id_presentation_helptext"))
    assert axe_violations(page) == []
    assert watched() == [], "\n".join(watched())


def test_the_toolbar_is_one_tab_stop_walked_with_arrows(page, demo, log_in, watched):
    log_in(CLERK)
    page.goto("/praktyki/nowa/")
    page.get_by_label("Skrót").focus()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Pogrubienie")).to_be_focused()
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("button", name="Kursywa")).to_be_focused()
    page.keyboard.press("End")
    expect(page.get_by_role("button", name="Usuń formatowanie")).to_be_focused()
    page.keyboard.press("Tab")
    expect(editor(page)).to_be_focused()
    page.keyboard.type("Pierwszy akapit.")
    # Tab leaves the editor as any other field (Quill's would insert a tab character).
    page.keyboard.press("Tab")
    expect(editor(page)).not_to_be_focused()
    page.keyboard.press("Shift+Tab")
    expect(editor(page)).to_be_focused()
    page.keyboard.press("Alt+F10")
    expect(page.get_by_role("button", name="Usuń formatowanie")).to_be_focused()
    page.keyboard.press("Escape")
    expect(editor(page)).to_be_focused()
    # The link's address is asked in a labelled field under the toolbar; Escape gives up.
    page.keyboard.press("Shift+Home")
    page.keyboard.press("Alt+F10")
    page.keyboard.press("ArrowLeft")
    expect(page.get_by_role("button", name="Link", exact=True)).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Adres linku")).to_be_focused()
    assert axe_violations(page) == []
    page.keyboard.press("Escape")
    expect(page.get_by_label("Adres linku")).to_be_hidden()
    expect(editor(page)).to_be_focused()
    assert page.locator("textarea[name=presentation]").input_value() == "<p>Pierwszy akapit.</p>"
    assert watched() == [], "\n".join(watched())


def test_the_english_interface_names_the_toolbar_in_english(page, demo, log_in, watched):
    log_in(CLERK)
    page.goto("/en/praktyki/nowa/")
    toolbar = page.get_by_role("toolbar", name="Text formatting")
    for name in ("Bold", "Italic", "Heading 2", "Bulleted list", "Link", "Clear formatting"):
        expect(toolbar.get_by_role("button", name=name, exact=True)).to_be_visible()
    expect(page.get_by_role("textbox", name="Full presentation")).to_be_visible()
    assert watched() == [], "\n".join(watched())


def test_a_practice_written_with_the_editor_is_shown_as_written(page, demo, log_in, watched):
    log_in(CLERK)
    page.goto("/praktyki/nowa/")
    page.get_by_label("Tytuł").fill("Rowery miejskie w Przemyślu")
    page.get_by_label("Kategoria").select_option(index=1)
    page.get_by_label("Skrót").fill("Wypożyczalnia rowerów w centrum miasta.")
    text = editor(page)
    text.click()
    toolbar = page.get_by_role("toolbar", name="Formatowanie tekstu")
    toolbar.get_by_role("button", name="Nagłówek 2").click()
    page.keyboard.type("Jak zaczęliśmy")
    page.keyboard.press("Enter")
    page.keyboard.type("Najpierw ")
    page.keyboard.press("Control+b")
    page.keyboard.type("dwie stacje")
    expect(toolbar.get_by_role("button", name="Pogrubienie")).to_have_attribute(
        "aria-pressed", "true"
    )
    page.keyboard.press("Control+b")
    page.keyboard.type(" przy dworcu, potem ")
    expect(toolbar.get_by_role("button", name="Pogrubienie")).to_have_attribute(
        "aria-pressed", "false"
    )
    toolbar.get_by_role("button", name="Kursywa").click()
    page.keyboard.type("kolejne")
    toolbar.get_by_role("button", name="Kursywa").click()
    page.keyboard.type(".")
    page.keyboard.press("Enter")
    toolbar.get_by_role("button", name="Lista punktowana").click()
    page.keyboard.type("stacja przy dworcu")
    page.keyboard.press("Enter")
    page.keyboard.type("stacja na rynku")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # an empty item ends the list
    page.keyboard.type("Więcej na stronie ")
    toolbar.get_by_role("button", name="Link").click()
    address = page.get_by_label("Adres linku")
    expect(address).to_be_focused()
    address.fill("przemysl.pl/rowery")
    address.press("Enter")
    expect(text).to_be_focused()
    source = page.locator("textarea[name=presentation]").input_value()
    assert source == (
        "<h2>Jak zaczęliśmy</h2>"
        "<p>Najpierw <strong>dwie stacje</strong> przy dworcu, potem <em>kolejne</em>.</p>"
        "<ul><li>stacja przy dworcu</li><li>stacja na rynku</li></ul>"
        '<p>Więcej na stronie <a href="https://przemysl.pl/rowery" rel="noopener noreferrer" '
        'target="_blank">przemysl.pl/rowery</a></p>'
    )
    screenshots(page, "practice-editor")
    page.get_by_role("button", name="Zapisz wersję roboczą").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rowery miejskie w Przemyślu")

    practice = Practice.objects.get(title="Rowery miejskie w Przemyślu")
    assert practice.presentation == rich_text(source)
    page.goto(f"/praktyki/{practice.slug}/prezentacja/")
    prose = page.locator(".prose")
    expect(prose.get_by_role("heading", level=2)).to_have_text("Jak zaczęliśmy")
    expect(prose.locator("strong")).to_have_text("dwie stacje")
    expect(prose.locator("em")).to_have_text("kolejne")
    expect(prose.locator("ul > li")).to_have_text(["stacja przy dworcu", "stacja na rynku"])
    expect(prose.get_by_role("link", name="przemysl.pl/rowery")).to_have_attribute(
        "href", "https://przemysl.pl/rowery"
    )
    screenshots(page, "practice-presentation")

    # Edited again, the editor starts from what was saved, and leaves it as it was.
    page.goto(f"/praktyki/{practice.slug}/edycja/")
    expect(editor(page).locator("h2")).to_have_text("Jak zaczęliśmy")
    page.get_by_role("button", name="Zapisz wersję roboczą").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rowery miejskie w Przemyślu")
    practice.refresh_from_db()
    assert practice.presentation == rich_text(source)
    assert watched() == [], "\n".join(watched())


def test_pasting_from_word_keeps_headings_lists_bold_and_links_only(page, demo, log_in, watched):
    log_in(CLERK)
    page.goto("/praktyki/nowa/")
    text = editor(page)
    text.click()
    text.evaluate(
        """(element, html) => {
            const data = new DataTransfer();
            data.setData("text/html", html);
            data.setData("text/plain", "Budżet obywatelski w Przemyślu");
            element.dispatchEvent(new ClipboardEvent("paste", {
                clipboardData: data, bubbles: true, cancelable: true,
            }));
        }""",
        WORD_CLIPBOARD.read_text(),
    )
    expect(text.locator("h2").first).to_have_text("Budżet obywatelski w Przemyślu")
    pasted = page.locator("textarea[name=presentation]").input_value()
    assert not WORD_JUNK.search(pasted), pasted
    assert "<h2>Budżet obywatelski w Przemyślu</h2>" in pasted  # Word's Heading 1
    assert "<h3>Jak to działa</h3>" in pasted  # Word's Heading 2
    assert "<strong>projekty do realizacji</strong>" in pasted
    assert '<a href="https://przemysl.pl/budzet-obywatelski"' in pasted
    # Word's second level: nested lists, bulleted in bulleted, lettered in numbered.
    expect(text.locator("li.ql-indent-1")).to_have_count(3)
    assert (
        "<ul><li>zgłoszenie projektów przez mieszkańców</li><li>ocena formalna w urzędzie"
        "<ul><li>zgodność z prawem miejscowym</li><li>szacunek kosztów</li></ul></li>"
        "<li>głosowanie <strong>przez internet</strong> i w punktach</li></ul>"
    ) in pasted
    assert (
        "<ol><li>nabór wniosków w marcu<ol><li>formularz w urzędzie lub przez internet</li></ol>"
        "</li><li>głosowanie we wrześniu</li></ol>"
    ) in pasted
    assert "<em>Opracowanie: Wydział Rozwoju Miasta</em>" in pasted
    assert "·" not in pasted  # Word's bullet characters
    # The server keeps all of it, and says the same.
    clean = rich_text(pasted)
    assert clean == pasted.replace(
        'rel="noopener noreferrer" target="_blank"', 'rel="noopener noreferrer nofollow"'
    )
    assert watched() == [], "\n".join(watched())


NESTED = (
    "<p>Etapy:</p><ul><li>nabór<ul><li>formularz papierowy</li><li>formularz w sieci"
    "<ol><li>rejestracja</li><li>wysłanie</li></ol></li></ul></li><li>głosowanie</li></ul>"
)


def test_nested_lists_are_loaded_edited_by_level_and_saved_nested(page, demo, log_in, watched):
    practice = Practice.objects.filter(author__email=CLERK, status="draft").first()
    Practice.objects.filter(pk=practice.pk).update(presentation=NESTED)
    log_in(CLERK)
    page.goto(f"/praktyki/{practice.slug}/edycja/")
    text = editor(page)
    source = page.locator("textarea[name=presentation]")
    # Quill shows levels as classes on a flat list, and writes them back nested.
    expect(text.locator("li.ql-indent-1")).to_have_count(2)
    expect(text.locator("li.ql-indent-2")).to_have_count(2)
    toolbar = page.get_by_role("toolbar", name="Formatowanie tekstu")
    text.locator("li", has_text="wysłanie").click()
    toolbar.get_by_role("button", name="Zmniejsz wcięcie").click()
    expect(text.locator("li.ql-indent-2")).to_have_count(1)
    # One level up, a numbered item under "nabór", after its bulleted sub-list.
    assert "<li>rejestracja</li></ol></li></ul><ol><li>wysłanie</li></ol></li>" in (
        source.input_value()
    )
    toolbar.get_by_role("button", name="Zwiększ wcięcie").click()
    expect(text.locator("li.ql-indent-2")).to_have_count(2)
    # A paragraph is not a list item: it keeps its place.
    text.locator("p", has_text="Etapy").click()
    toolbar.get_by_role("button", name="Zwiększ wcięcie").click()
    expect(text.locator("p[class]")).to_have_count(0)
    assert source.input_value() == NESTED
    assert axe_violations(page) == []
    screenshots(page, "practice-editor-nested-lists")
    page.get_by_role("button", name="Zapisz wersję roboczą").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(practice.title)
    practice.refresh_from_db()
    assert practice.presentation == NESTED
    page.goto(f"/praktyki/{practice.slug}/prezentacja/")
    nested = page.locator(".prose ul > li > ul > li > ol > li")
    expect(nested).to_have_text(["rejestracja", "wysłanie"])
    screenshots(page, "practice-nested-lists")
    assert watched() == [], "\n".join(watched())


def test_without_javascript_the_textarea_is_the_field(browser, live_server, demo, log_in):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    client = Client()
    client.force_login(User.objects.get(email=CLERK))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    page.goto("/praktyki/nowa/")
    page.get_by_label("Tytuł").fill("Bez skryptów")
    page.get_by_label("Kategoria").select_option(index=1)
    page.get_by_label("Skrót").fill("Formularz działa bez JavaScriptu.")
    page.get_by_label("Pełna prezentacja").fill("Pierwszy akapit.\n\nDrugi <akapit> & koniec.")
    page.get_by_role("button", name="Zapisz wersję roboczą").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bez skryptów")
    assert Practice.objects.get(title="Bez skryptów").presentation == (
        "<p>Pierwszy akapit.</p><p>Drugi &lt;akapit&gt; &amp; koniec.</p>"
    )
    context.close()


def test_a_meeting_report_is_refused_empty_and_written_again(page, demo, log_in, watched):
    # The source texts' meeting, whose report has the heading (the demo has many reports).
    meeting = Meeting.objects.get(report__body__contains="<h2>Wspólne warsztaty</h2>")
    log_in("koordynator@empirie.test")
    page.goto(f"/spotkania/{meeting.pk}/relacja/edycja/")
    with translation.override("pl"):
        label = str(ReportForm.base_fields["body"].label)
    text = editor(page, label)
    expect(text.locator("h2")).to_have_text("Wspólne warsztaty")
    # Emptied, the report is refused as the bare field's would be, and the editor says so.
    text.click()
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    page.get_by_role("button", name="Zapisz relację").click()
    text = editor(page, label)
    expect(text).to_have_attribute("aria-invalid", "true")
    assert axe_violations(page) == []
    screenshots(page, "report-editor-error")
    assert "Wspólne warsztaty" in MeetingReport.objects.get(meeting=meeting).body
    text.click()
    page.keyboard.type("Relacja z warsztatów.")
    page.keyboard.press("Enter")
    toolbar = page.get_by_role("toolbar")
    toolbar.get_by_role("button", name="Nagłówek 2").click()
    page.keyboard.type("Wspólne warsztaty")
    page.keyboard.press("Enter")
    toolbar.get_by_role("button", name="Lista punktowana").click()
    page.keyboard.type("komunikacja w mediach")
    page.keyboard.press("Control+End")  # the end of its list: a new item, then out of the list
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.keyboard.type("Następne spotkanie: ")
    page.get_by_role("button", name="Pogrubienie").click()
    page.keyboard.type("w marcu")
    page.get_by_role("button", name="Zapisz relację").click()
    expect(page.get_by_role("status")).to_be_visible()
    body = MeetingReport.objects.get(meeting=meeting).body
    assert body == (
        "<p>Relacja z warsztatów.</p><h2>Wspólne warsztaty</h2><ul><li>komunikacja w mediach</li>"
        "</ul><p>Następne spotkanie: <strong>w marcu</strong></p>"
    )
    assert watched() == [], "\n".join(watched())


def test_a_result_saved_untouched_keeps_its_text_as_it_was(page, demo, log_in, watched):
    result = Result.objects.get(
        network__slug="miasto-cyfrowe", title__startswith="Rekomendacje: e-usługi"
    )
    before = result.body
    log_in("koordynator@empirie.test")
    page.goto(f"/wyniki/{result.pk}/edycja/")
    expect(editor(page, "Treść").locator("li")).to_have_count(2)
    assert axe_violations(page) == []
    screenshots(page, "result-editor")
    page.get_by_role("button", name="Zapisz wynik").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(result.title)
    result.refresh_from_db()
    assert result.body == before
    assert watched() == [], "\n".join(watched())


def test_hostile_html_pasted_runs_nothing_and_leaves_only_text(page, demo, log_in, watched):
    log_in(CLERK)
    page.goto("/praktyki/nowa/")
    page.on("dialog", lambda dialog: watched.dialogs.append(dialog.message) or dialog.dismiss())
    text = editor(page)
    text.click()
    text.evaluate(
        """(element, html) => {
            const data = new DataTransfer();
            data.setData("text/html", html);
            element.dispatchEvent(new ClipboardEvent("paste", {
                clipboardData: data, bubbles: true, cancelable: true,
            }));
        }""",
        '<h1 style="color:red">Tytuł strony</h1><img src="x" onerror="alert(1)">'
        "<script>alert(2)</script><style>p{color:red}</style>"
        '<p onclick="alert(3)" class="lead">Akapit <a href="javascript:alert(4)">link</a> '
        '<span style="font-weight:700">gruby</span> <span style="font-style:italic">pochyły'
        '</span></p><iframe src="https://example.org"></iframe><table><tr><td>komórka</td>'
        "</tr></table>",
    )
    expect(text.locator("h2")).to_have_text("Tytuł strony")
    pasted = page.locator("textarea[name=presentation]").input_value()
    assert "javascript" not in pasted and "alert" not in pasted and "<img" not in pasted
    assert "<strong>gruby</strong>" in pasted and "<em>pochyły</em>" in pasted
    assert "komórka" in pasted and "<table" not in pasted and "<iframe" not in pasted
    assert "javascript" not in rich_text(pasted)
    page.wait_for_timeout(200)  # a handler that would have run has had its chance
    assert watched.dialogs == []
    assert watched() == [], "\n".join(watched())
