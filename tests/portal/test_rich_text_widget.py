"""The long texts' editor, as the server sees it: which fields have it, the labels it is given
in the reader's language, the files it needs (and no inline script or style), the bare
textarea's plain paragraphs made HTML, and what the sanitiser makes of Word's clipboard."""

import html
import json
import re

import pytest
from django.urls import reverse
from django.utils import translation

from empirie.sanitise import rich_text
from empirie.widgets import RichTextarea, plain_text_as_html
from meetings.forms import ReportForm
from practices.forms import PracticeForm
from results.forms import ResultForm
from tests.factories import ProfileFactory
from tests.rich_text import TOOLBAR_PL, WORD_CLIPBOARD


def labels(page: str) -> dict:
    found = re.search(r'data-rich-text="([^"]*)"', page)
    assert found, "no textarea marked for the editor"
    return json.loads(html.unescape(found.group(1)))


@pytest.mark.parametrize(
    "field",
    [
        PracticeForm.base_fields["presentation"],
        ReportForm.base_fields["body"],
        ResultForm.base_fields["body"],
    ],
)
def test_the_long_texts_are_written_in_the_editor_without_html(field):
    assert isinstance(field.widget, RichTextarea)
    with translation.override("pl"):
        assert "HTML" not in str(field.help_text)
        assert "Word" in str(field.help_text)


def test_the_toolbar_is_named_in_the_readers_language():
    widget = RichTextarea()
    with translation.override("pl"):
        polish = labels(widget.render("body", "<p>x</p>"))
    with translation.override("en"):
        english = labels(widget.render("body", "<p>x</p>"))
    assert [polish[key] for key in list(polish)[1 : 1 + len(TOOLBAR_PL)]] == TOOLBAR_PL
    assert polish["toolbar"] == "Formatowanie tekstu"
    assert english["bold"] == "Bold" and english["clean"] == "Clear formatting"


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_form_page_loads_the_editor_from_files_only(client, prefix):
    client.force_login(ProfileFactory().user)
    response = client.get(prefix + reverse("practices:create"))
    page = response.content.decode()
    assert '<script src="/static/vendor/quill/quill.js" defer></script>' in page
    assert '<script src="/static/js/rich-text.js" defer></script>' in page
    assert 'href="/static/vendor/quill/quill.snow.css"' in page
    assert 'href="/static/css/rich-text.css"' in page
    assert labels(page)["bold"] == ("Bold" if prefix else "Pogrubienie")
    # What the CSP would block: inline scripts and styles, event handler attributes.
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>|<style|\sstyle=|\son[a-z]+=", page)
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("typed", "sent"),
    [
        ("Pierwszy akapit.\r\n\r\nDrugi,\r\nw dwóch wierszach.",
         "<p>Pierwszy akapit.</p><p>Drugi,<br>w dwóch wierszach.</p>"),
        ("a < b & <nazwa>", "<p>a &lt; b &amp; &lt;nazwa&gt;</p>"),
        ("<p>Już <strong>HTML</strong></p>", "<p>Już <strong>HTML</strong></p>"),
        ("   ", "   "),  # left to the required field's check
        ("", ""),
    ],
)  # fmt: skip
def test_text_typed_without_the_editor_arrives_as_paragraphs(typed, sent):
    assert RichTextarea().value_from_datadict({"body": typed}, {}, "body") == sent


@pytest.mark.django_db
def test_the_form_reads_plain_paragraphs_typed_without_the_editor():
    form = PracticeForm({"title": "T", "presentation": "Jeden.\n\n\n\nDwa."})
    form.is_valid()  # other fields are missing; this one is read all the same
    assert form.cleaned_data["presentation"] == "<p>Jeden.</p><p>Dwa.</p>"
    assert plain_text_as_html("x\n \ny") == "<p>x</p><p>y</p>"  # a line of spaces parts too


def test_the_sanitiser_leaves_nothing_of_words_clipboard_but_text_and_kept_tags():
    """The server's own guard, for HTML that does not come through the editor (an import, a
    script posting the form): Word's styles, classes, comments and XML are gone."""
    clean = rich_text(WORD_CLIPBOARD.read_text())
    for junk in ("mso", "Mso", "o:p", "<span", "style", "class=", "<!--", "@list", "Calibri",
                 "<xml", "supportLists", "<meta", "<link"):  # fmt: skip
        assert junk not in clean, junk
    assert re.search(r"<h2>Jak\s+to działa</h2>", clean)
    assert (
        '<a href="https://przemysl.pl/budzet-obywatelski" rel="noopener noreferrer nofollow">'
        in clean
    )
    assert "Budżet obywatelski" in clean and "głosowanie we wrześniu" in clean
