"""Cells for files people open in a spreadsheet program (CSV and XLSX exports)."""

import csv
import io
from collections.abc import Iterable

from django.http import Http404, HttpResponse, StreamingHttpResponse
from openpyxl import Workbook
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


class _Echo:
    def write(self, value):
        return value


def table_response(rows: Iterable[list], *, kind: str, filename: str, sheet: str):
    """Rows (the first the header) as a CSV (streamed) or XLSX download; 404 for another
    kind. The cells must already be formula_safe."""
    if kind == "csv":
        writer = csv_writer(_Echo())

        def lines():
            yield BOM
            yield from (writer.writerow(row) for row in rows)

        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    elif kind == "xlsx":
        response = HttpResponse(
            xlsx_bytes(rows, sheet=sheet),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{filename}.{kind}"'
    return response


def xlsx_bytes(rows: Iterable[list], *, sheet: str) -> bytes:
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet[:31])  # Excel's limit for a sheet's name
    for row in rows:
        worksheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
