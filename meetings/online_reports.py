"""Participant reports of online meetings, as Zoom and Microsoft Teams export them, read into
one row per person.

- Zoom (Reports → Usage → Participants, "Export"): a CSV, comma-separated, UTF-8 (with or
  without a BOM), one row per join: "Name (Original Name)", "User Email", "Join Time", "Leave
  Time", "Duration (Minutes)", "Guest", … With "Export with meeting data" the participants'
  table follows a table of the meeting ("Meeting ID", "Topic", …, the host's "User Email").
- Microsoft Teams (the meeting's attendance report, "Download"): UTF-16 LE with a BOM (or
  UTF-8 with one), tab-separated, in sections: "1. Summary" (key and value), "2. Participants"
  ("Name", "First Join", "Last Leave", "In-Meeting Duration", "Email", "Participant ID (UPN)",
  "Role"), "3. In-Meeting Activities" (one row per join, not read). The older report is one
  table: "Full Name", "User Action" (Joined, Left), "Timestamp", without e-mail addresses.

Whatever the bytes, reading ends in a Report or a ReportError whose message the coordinator
reads; never in another exception. The format is told by the headers (in English, or as a
Polish Teams or Zoom names them), not by the file's name.
"""

import csv
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from empirie.folding import folded

from .choices import AttendanceSource

MAX_REPORT_BYTES = 2 * 1024 * 1024
# One person per row on the preview's form, each a field: far below Django's limit of fields
# in one request, and far above a network's meeting.
MAX_PEOPLE = 800
MAX_LINE = 10_000

NAME = {
    "name (original name)", "name", "full name", "participant", "display name",
    "imię i nazwisko (oryginalne imię i nazwisko)", "imię i nazwisko", "nazwa (oryginalna nazwa)",
    "nazwa", "pełna nazwa", "uczestnik", "nazwa wyświetlana",
}  # fmt: skip
EMAIL = {
    "user email", "email", "e-mail", "email address", "e-mail address", "adres e-mail",
    "adres email", "e-mail użytkownika", "email użytkownika",
}  # fmt: skip
UPN = {"participant id (upn)", "identyfikator uczestnika (upn)", "upn"}
JOINED = {
    "join time", "first join", "timestamp", "czas dołączenia", "pierwsze dołączenie",
    "godzina dołączenia", "sygnatura czasowa",
}  # fmt: skip
GUEST = {"guest", "gość"}
# Columns only one of the two programs writes: what tells the report's source.
ZOOM_ONLY = {
    "name (original name)", "user email", "duration (minutes)", "guest", "recording consent",
    "in waiting room", "imię i nazwisko (oryginalne imię i nazwisko)", "e-mail użytkownika",
    "czas trwania (minuty)", "gość", "w poczekalni",
}  # fmt: skip
TEAMS_ONLY = {
    "first join", "last leave", "in-meeting duration", "participant id (upn)", "role",
    "user action", "pierwsze dołączenie", "ostatnie opuszczenie", "czas trwania spotkania",
    "identyfikator uczestnika (upn)", "rola", "akcja użytkownika", "działanie użytkownika",
}  # fmt: skip
SECTION = re.compile(r"^\s*\d+\.\s+\S")  # "3. In-Meeting Activities"
EMAIL_SHAPE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class ReportError(ValueError):
    """A file that is not a participant report the portal reads, said for the coordinator."""

    @property
    def message(self) -> str:
        return str(self.args[0])


@dataclass
class Person:
    """One person of the report: their rows (a rejoin is a row more) read as one."""

    name: str
    email: str  # lower case, "" when the report has none (a guest, the older Teams report)
    joined: str  # the first join, as the report writes it
    guest: bool = False
    rows: int = 1


@dataclass
class Report:
    source: str  # AttendanceSource.ZOOM or TEAMS
    people: list[Person] = field(default_factory=list)


def decoded(data: bytes) -> str:
    """The file's text: UTF-16 or UTF-8 by their BOM, else UTF-8, else Windows-1250 (a
    report saved again by a Polish Excel)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ["utf-16"]
    elif data.startswith(b"\xef\xbb\xbf"):
        encodings = ["utf-8-sig"]
    elif len(data) >= 4 and data[1:4:2] == b"\x00\x00" and data[0:3:2] != b"\x00\x00":
        encodings = ["utf-16-le"]  # UTF-16 without its BOM: every other byte empty
    else:
        encodings = ["utf-8", "cp1250"]
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break  # a binary file that happens to decode
        return text
    raise ReportError(
        _("The file is not a text file: export the participant report as CSV again and send it.")
    )


def _cells(line: str, delimiter: str) -> list[str]:
    return next(csv.reader([line], delimiter=delimiter), [])


def _header(cells) -> list[str]:
    return [
        " ".join(cell.replace("\ufeff", "").strip().strip('"').lower().split()) for cell in cells
    ]


def _column(header, names) -> int | None:
    return next((i for i, cell in enumerate(header) if cell in names), None)


def _table_start(lines):
    """The participants' table: its line, delimiter, header and source; None if none is."""
    for number, line in enumerate(lines):
        if len(line) > MAX_LINE:
            continue
        for delimiter in ("\t", ",", ";"):
            if delimiter not in line:
                continue
            try:
                header = _header(_cells(line, delimiter))
            except csv.Error:
                continue
            if _column(header, NAME) is None:
                continue
            cells = set(header)
            if cells & TEAMS_ONLY:
                return number, delimiter, header, AttendanceSource.TEAMS
            if cells & ZOOM_ONLY:
                return number, delimiter, header, AttendanceSource.ZOOM
    return None


def _clean_email(text: str) -> str:
    email = text.strip().strip("<>").lower()
    return email if len(email) <= 254 and EMAIL_SHAPE.match(email) else ""


def read_report(data: bytes) -> Report:
    """The people of a Zoom or Teams participant report, one per person (rejoins merged: by
    e-mail address, or by name when the row has none)."""
    if not data.strip():
        raise ReportError(_("The file is empty."))
    if len(data) > MAX_REPORT_BYTES:
        raise ReportError(too_large_message())
    lines = decoded(data).splitlines()
    start = _table_start(lines)
    if start is None:
        raise ReportError(
            _("This is not a participant report from Zoom or Microsoft Teams: its table of "
              "participants, with a column of names, was not found.")
        )  # fmt: skip
    number, delimiter, header, source = start
    name_at, email_at = _column(header, NAME), _column(header, EMAIL)
    upn_at, joined_at = _column(header, UPN), _column(header, JOINED)
    guest_at = _column(header, GUEST)
    report, seen = Report(source), {}
    for line in lines[number + 1 :]:
        if SECTION.match(line) and delimiter not in line.strip():
            break  # the next section of a Teams report
        if not line.strip() or len(line) > MAX_LINE:
            continue
        try:
            cells = _cells(line, delimiter)
        except csv.Error:
            continue

        def cell(at, cells=cells):
            return cells[at].strip() if at is not None and at < len(cells) else ""

        name, email = " ".join(cell(name_at).split())[:200], _clean_email(cell(email_at))
        if not email and "@" in cell(upn_at):
            email = _clean_email(cell(upn_at))
        if not name and not email:
            continue
        key = email or f"name:{folded(name)}"
        if key in seen:
            seen[key].rows += 1
            continue
        if len(seen) >= MAX_PEOPLE:
            raise ReportError(
                _("The report lists more than %(count)s people: split it, or record the "
                  "attendance on the list.") % {"count": MAX_PEOPLE}
            )  # fmt: skip
        guest = folded(cell(guest_at)) in ("yes", "tak")
        seen[key] = person = Person(name, email, cell(joined_at)[:40], guest=guest)
        report.people.append(person)
    if not report.people:
        raise ReportError(_("The report's table of participants has no rows."))
    return report


def too_large_message() -> str:
    return _("The file is larger than %(size)s MB: a participant report is far smaller. "
             "Check that it is the right file.") % {"size": MAX_REPORT_BYTES // (1024 * 1024)}  # fmt: skip
