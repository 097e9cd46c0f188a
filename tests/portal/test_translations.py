"""The committed .mo catalogues match their .po sources."""

from pathlib import Path

import polib
import pytest
from django.conf import settings

CATALOGUES = sorted(Path(settings.BASE_DIR, "locale").glob("*/LC_MESSAGES/django.po"))


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: p.parts[-3])
def test_compiled_catalogue_is_up_to_date(po_path):
    po = polib.pofile(str(po_path))
    mo = polib.mofile(str(po_path.with_suffix(".mo")))
    compiled = {(entry.msgctxt, entry.msgid): entry.msgstr or entry.msgstr_plural for entry in mo}
    for entry in po.translated_entries():
        key = (entry.msgctxt, entry.msgid)
        assert key in compiled, f"{entry.msgid!r} is missing from the .mo: run compilemessages"
        expected = entry.msgstr or {int(k): v for k, v in entry.msgstr_plural.items()}
        got = compiled[key]
        if isinstance(got, dict):
            got = {int(k): v for k, v in got.items()}
        assert got == expected, f"{entry.msgid!r} differs in the .mo: run compilemessages"


def test_every_message_is_translated_to_polish():
    po = polib.pofile(str(Path(settings.BASE_DIR, "locale/pl/LC_MESSAGES/django.po")))
    assert CATALOGUES
    assert not po.untranslated_entries() and not po.fuzzy_entries()


def test_every_plural_has_all_four_polish_forms():
    """Polish has four plural forms (1, 2–4, 5–21, fractions); a missing one shows English."""
    po = polib.pofile(str(Path(settings.BASE_DIR, "locale/pl/LC_MESSAGES/django.po")))
    short = [
        e.msgid for e in po if e.msgid_plural and not all(e.msgstr_plural.get(n) for n in range(4))
    ]
    assert not short, short
