"""The catalogue says each thing once, and says everything: a word with two senses is
translated per sense (pgettext), and no string of the code or templates lacks its Polish."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import UserFactory

PO_PATH = Path(settings.BASE_DIR, "locale/pl/LC_MESSAGES/django.po")

# English words that name two different things in the portal (a meeting's report is a
# "Relacja", reporting a comment is "Zgłoś"; a meeting's minutes, or minutes of time; to
# review a practice, or its review). Each use says which sense it is: pgettext /
# {% translate "…" context "…" %}; a context-less entry would give one Polish word to both.
AMBIGUOUS = {
    "Close", "Date", "Leave", "Minutes", "Open", "Order", "Post", "Present", "Record",
    "Register", "Report", "Reports", "Review", "State",
}  # fmt: skip


def test_ambiguous_words_are_translated_only_with_a_context():
    po = polib.pofile(str(PO_PATH))
    ambiguous = {word.lower() for word in AMBIGUOUS}
    without_context = sorted(
        entry.msgid
        for entry in po
        if not entry.obsolete and entry.msgctxt is None and entry.msgid.lower() in ambiguous
    )
    assert not without_context, (
        f"{without_context}: say which sense is meant, with pgettext or "
        '{% translate "…" context "…" %}'
    )


def test_the_senses_of_report_have_their_own_polish():
    po = polib.pofile(str(PO_PATH))
    reports = {entry.msgctxt: entry.msgstr for entry in po if entry.msgid == "Report"}
    assert reports["meeting"] == "Relacja"
    assert reports["a comment breaking the rules"] == "Zgłoś"


@pytest.mark.skipif(not shutil.which("xgettext"), reason="GNU gettext is not installed")
def test_the_catalogue_holds_every_string_of_the_code_and_templates(tmp_path):
    """makemessages run on a copy of the project finds no message the committed catalogue
    lacks: a template or module that gains a string without a Polish translation fails here
    (and then test_every_message_is_translated_to_polish, once makemessages has run)."""
    copy = tmp_path / "project"
    shutil.copytree(
        settings.BASE_DIR,
        copy,
        ignore=shutil.ignore_patterns(
            ".git",
            ".venv",
            ".tools",
            "node_modules",
            "staticfiles",
            "media",
            "tests",
            "bench",
            "*.mo",
            "__pycache__",
            ".embedded-postgres",
            "test-artifacts",
            ".ruff_cache",
        ),  # fmt: skip
    )
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "pl",
            "--no-obsolete",
            "-i",
            ".venv/*",
            "-i",
            "tests/*",
            "-i",
            "bench/*",
        ],  # fmt: skip
        cwd=copy,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "empirie.settings.test"},
        check=True,
        capture_output=True,
    )
    committed = polib.pofile(str(PO_PATH))
    extracted = polib.pofile(str(copy / "locale/pl/LC_MESSAGES/django.po"))
    known = {(e.msgctxt, e.msgid) for e in committed if not e.obsolete}
    new = sorted(
        (e.msgctxt or "", e.msgid)
        for e in extracted
        if not e.obsolete and (e.msgctxt, e.msgid) not in known
    )
    assert not new, f"strings missing from the catalogue (run makemessages, translate): {new}"
    assert not extracted.untranslated_entries(), "a string of the code has no Polish translation"


@pytest.mark.django_db
def test_the_account_pages_use_the_portals_terms_and_address_everyone(client):
    login = client.get(reverse("account_login")).content.decode()
    assert "Zaloguj się" in login
    assert "Nie pamiętasz hasła?" in login
    assert "Zapomniałeś" not in login
    reset = client.get(reverse("account_reset_password")).content.decode()
    assert "Nie pamiętasz hasła? Wpisz" in reset

    client.force_login(UserFactory())
    security = client.get(reverse("mfa_index")).content.decode()
    assert "Logowanie dwuetapowe" in security
    assert "dwuskładnikow" not in security


def test_allauths_misspelt_and_mixed_words_are_the_portals_own():
    from django.utils import translation

    with translation.override("pl"):
        assert translation.gettext("Enter your password:") == "Wprowadź hasło:"
        assert translation.gettext("Authenticator App") == "Aplikacja uwierzytelniająca"
        assert "autoryzacyjn" not in translation.gettext("Authenticator app activated.")
