"""What the editor's tests share (tests/browser/test_rich_text.py, the browser's view, and
tests/portal/test_rich_text_widget.py, the server's): its toolbar as a Polish reader hears it,
in order, and the HTML Word puts on the clipboard."""

from pathlib import Path

TOOLBAR_PL = [
    "Pogrubienie",
    "Kursywa",
    "Nagłówek 2",
    "Nagłówek 3",
    "Lista punktowana",
    "Lista numerowana",
    "Zmniejsz wcięcie",
    "Zwiększ wcięcie",
    "Link",
    "Usuń formatowanie",
]
WORD_CLIPBOARD = Path(__file__).parent / "browser" / "fixtures" / "word-clipboard.html"
