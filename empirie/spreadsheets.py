"""Cells for files people open in a spreadsheet program (CSV and XLSX exports)."""

import csv

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

# Excel in a Polish locale splits CSV on semicolons (the comma is the decimal mark there), so
# our CSV downloads use them and open in columns with a double click; the BOM tells it UTF-8.
CSV_DELIMITER = ";"
BOM = "\ufeff"


def csv_writer(stream):
    return csv.writer(stream, delimiter=CSV_DELIMITER)


# Spreadsheets run a cell that starts with one of these as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(value) -> str:
    """Quoted if a spreadsheet would run it; without the control characters XLSX refuses."""
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    return f"'{text}" if text.startswith(FORMULA_START) else text


def formula_unquoted(text: str) -> str:
    """Undo the quote `formula_safe` puts before a formula-like cell (when a file comes back)."""
    return text[1:] if text.startswith("'") and text[1:2] in FORMULA_START else text
