"""The portal's PDF documents (a meeting's attendance list, certificates of participation):
the one place that sets up fpdf2. A4, the same margins, DejaVu Sans embedded from
`empirie/fonts/` (Polish diacritics, and no dependency on the system's fonts), the document's
title and language ("pl") in its metadata, and "Strona X z Y" at the foot of every page.

Documents are worded in Polish, whatever the page's language: they are printed, signed and
handed to Polish offices. An app's module builds its documents on `Document` (see
`meetings/documents.py`) and answers with `pdf_response` or `zip_response`.
"""

import io
import logging
import zipfile
from pathlib import Path

from django.http import HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.fonts import FontFace

# fontTools logs every step of subsetting the font at INFO: a page of lines for each PDF.
logging.getLogger("fontTools").setLevel(logging.WARNING)

FONTS = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVuSans"
LANGUAGE = "pl"
MARGIN = 18  # mm, on every side
AUTHOR = "Związek Miast Polskich – EMPIRIE"

BOLD = FontFace(emphasis="BOLD")
HEADINGS = FontFace(emphasis="BOLD", fill_color=(225, 229, 236))


class Document(FPDF):
    """An A4 page (or more) with the portal's font, margins, metadata and page numbers."""

    def __init__(self, *, title: str, subject: str = "", landscape: bool = False):
        super().__init__(orientation="L" if landscape else "P", unit="mm", format="A4")
        self.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=MARGIN + 4)  # room for the footer
        self.set_title(title)
        self.set_subject(subject or title)
        self.set_lang(LANGUAGE)
        self.set_author(AUTHOR)
        self.set_creator("EMPIRIE")
        self.set_display_mode("fullwidth")
        with translation.override(LANGUAGE):
            self.page_label = _("Page %(page)s of %(pages)s")
        self.set_font(FONT, size=10)
        self.add_page()

    def footer(self):
        self.set_y(-MARGIN)
        self.set_font(FONT, size=8)
        self.set_text_color(90)
        label = self.page_label % {"page": self.page_no(), "pages": self.str_alias_nb_pages}
        self.cell(0, 6, label, align="C")
        self.set_text_color(0)

    def heading(self, text: str, size: int = 16):
        self.set_font(FONT, "B", size)
        self.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        self.set_font(FONT, size=10)
        self.ln(2)

    def facts(self, rows, *, label_width: float = 42, size: int = 10):
        """Label and value, a line each (a value wraps under itself)."""
        for label, value in rows:
            self.set_font(FONT, "B", size)
            self.cell(label_width, size * 0.6, label)
            self.set_font(FONT, size=size)
            self.multi_cell(0, size * 0.6, value, new_x="LMARGIN", new_y="NEXT")
            self.ln(0.8)

    def to_bytes(self) -> bytes:
        return bytes(self.output())


def pdf_response(data: bytes, *, filename: str) -> HttpResponse:
    """A PDF download; the documents are personal, so no shared cache keeps them."""
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def zip_bytes(files) -> bytes:
    """(name, bytes) pairs as a ZIP; a name used twice gets a number."""
    output, used = io.BytesIO(), set()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in files:
            stem, dot, extension = name.rpartition(".")
            unique, number = name, 2
            while unique in used:
                unique, number = f"{stem}-{number}{dot}{extension}", number + 1
            used.add(unique)
            package.writestr(unique, data)
    return output.getvalue()


def zip_response(data: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
