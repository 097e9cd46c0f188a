"""The funder's report as files: a workbook with a sheet for each table, and a PDF worded in
Polish (empirie.pdf: it is handed to the programme's operator), both from the same figures as
the page."""

import io

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Font

from empirie.pdf import HEADINGS, Document
from empirie.spreadsheets import formula_safe

from .report import Report, summary_rows

TITLE = "Raport dla operatora programu „Rozwój Lokalny”"


def tables(report: Report) -> list[tuple[str, list[str], list[list]]]:
    """(title, header, rows) of each table after the summary, in the active language."""
    people = [_("Attendances"), _("Participants")]
    return [
        (
            _("Meetings by network"),
            [_("Network"), _("Meetings held"), _("Participants")],
            [[name, meetings, present] for name, meetings, present in report.meetings_by_network],
        ),
        (
            _("Participants by city"),
            [_("City"), _("Status in the programme"), *people],
            [[row.label, row.extra, row.registrations, row.people] for row in report.by_city],
        ),
        (
            _("Participants by the city's status"),
            [_("Status in the programme"), *people],
            [[row.label, row.registrations, row.people] for row in report.by_status],
        ),
        (
            _("Participants by function"),
            [_("Function"), *people],
            [[row.label, row.registrations, row.people] for row in report.by_function],
        ),
    ]


def _cell(value):
    return value if isinstance(value, int | float) else formula_safe(value)


def report_xlsx(report: Report) -> bytes:
    """A sheet for the summary and one for each table; the header rows in bold."""
    workbook = Workbook()
    summary = workbook.active
    summary.title = pgettext("funder report", "Summary")[:31]
    summary.append([_("Figure"), _("Value")])
    for label, value in summary_rows(report):
        summary.append([formula_safe(label), _cell(int(value) if value.isdigit() else value)])
    sheets = [(summary, 1)]
    for title, header, rows in tables(report):
        sheet = workbook.create_sheet(title[:31])  # Excel's limit for a sheet's name
        sheet.append([formula_safe(column) for column in header])
        for row in rows:
            sheet.append([_cell(value) for value in row])
        sheets.append((sheet, 1))
    for sheet, header_row in sheets:
        for cell in sheet[header_row]:
            cell.font = Font(bold=True)
        sheet.column_dimensions["A"].width = 48
        sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def report_pdf(report: Report) -> bytes:
    with translation.override("pl"):
        pdf = Document(title=f"{TITLE}: {report.period.label}", subject="EMPIRIE")
        pdf.heading(TITLE)
        pdf.facts(
            [
                (_("Period"), report.period.label),
                (_("Prepared"), timezone.localtime().strftime("%d.%m.%Y %H:%M")),
            ],
            label_width=34,
        )
        pdf.ln(2)
        _table(
            pdf,
            pgettext("funder report", "Summary"),
            [_("Figure"), _("Value")],
            summary_rows(report)[1:],
            (120, 54),
        )
        for title, header, rows in tables(report):
            widths = (84,) + (90 / (len(header) - 1),) * (len(header) - 1)
            if len(header) == 4:
                widths = (54, 60, 30, 30)
            _table(pdf, title, header, rows, widths)
        return pdf.to_bytes()


def _table(pdf, title, header, rows, widths):
    pdf.ln(2)
    pdf.heading(title, size=12)
    if not rows:
        pdf.multi_cell(0, 5, _("Nothing in this period."), new_x="LMARGIN", new_y="NEXT")
        return
    with pdf.table(
        col_widths=widths, repeat_headings=1, headings_style=HEADINGS, line_height=5,
        padding=1.5, text_align="LEFT",
    ) as table:  # fmt: skip
        heading = table.row()
        for column in header:
            heading.cell(str(column))
        for row in rows:
            line = table.row()
            for value in row:
                line.cell(str(value))


def report_filename(report: Report, extension: str) -> str:
    return f"raport-empirie-{report.period.slug}.{extension}"
