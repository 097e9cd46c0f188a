"""Practices in and out of spreadsheets: import from CSV or XLSX, export of a filtered list.

Export and import share their columns, so an exported file can be edited and imported back.
An import is all or nothing: every row is checked, and one error leaves the database as it was.
"""

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, validate_email
from django.db import DatabaseError, transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from cities.models import POSTAL_CODE_PATTERN, City
from empirie import sanitise
from empirie.spreadsheets import formula_safe, formula_unquoted, table_response
from networks.models import Network

from .choices import PracticeStatus
from .models import Category, Practice, Tag
from .services import is_free_slug, search_index, unique_slug

# (column, required) in the order files are written; the README documents each.
COLUMNS = [
    ("identyfikator", False),
    ("tytul", True),
    ("kategoria", True),
    ("miasto", True),
    ("skrot", True),
    ("prezentacja", False),
    ("jednostka_realizujaca", False),
    ("adres", False),
    ("kod_pocztowy", False),
    ("poczta", False),
    ("strona_www", False),
    ("liczba_mieszkancow", False),
    ("sieci", False),
    ("tylko_dla_sieci", False),
    ("tagi", False),
    ("kontakty", False),
    ("status", False),
    ("data_publikacji", False),
]
NAMES = [name for name, _required in COLUMNS]
STATUSES = {"opublikowana": PracticeStatus.PUBLISHED, "szkic": PracticeStatus.DRAFT}
YES = {"tak", "t", "1", "yes", "true"}
NO = {"", "nie", "n", "0", "no", "false"}
MAX_ROWS = 20_000


class ImportFileError(Exception):
    """The file as a whole cannot be read: wrong format, encoding or header."""


@dataclass
class RowError:
    row: int  # as the spreadsheet numbers it: the header is row 1
    column: str
    message: str

    def __str__(self):
        where = _("row %(row)d") % {"row": self.row}
        return f"{where}, {self.column or '–'}: {self.message}"


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    dry_run: bool = False
    errors: list[RowError] = field(default_factory=list)

    @property
    def imported(self) -> bool:
        return not self.errors and not self.dry_run

    def summary(self) -> str:
        numbers = {"rows": self.rows, "created": self.created, "updated": self.updated}
        if self.errors:
            return _("Errors: %(errors)d in %(rows)d rows; nothing was imported.") % {
                "errors": len(self.errors), "rows": self.rows,
            }  # fmt: skip
        if self.dry_run:
            return (
                _("Dry run, nothing saved. Rows checked: %(rows)d; would create %(created)d "
                  "and update %(updated)d practices.") % numbers
            )  # fmt: skip
        return (
            _("Rows imported: %(rows)d; practices created: %(created)d, updated: %(updated)d.")
            % numbers
        )


# Reading


def read_table(upload, filename: str) -> list[tuple[int, dict[str, str]]]:
    """The rows of a CSV or XLSX file as (row number, {column: text}), told apart by content,
    not by name. Only the columns the file has are in each row."""
    head = upload.read(4)
    upload.seek(0)
    if head.startswith(b"PK\x03\x04"):
        rows = _xlsx_rows(upload)
    elif filename.lower().endswith((".xlsx", ".xls")):
        raise ImportFileError(_("This is not an XLSX file. Save it as XLSX or CSV (UTF-8)."))
    else:
        rows = _csv_rows(upload.read())
    try:
        return _table(rows)
    except (IndexError, KeyError, ValueError, TypeError, SyntaxError, zipfile.BadZipFile) as error:
        # openpyxl's complaints about a broken workbook (XML errors are SyntaxErrors)
        raise ImportFileError(_("The XLSX file cannot be opened.")) from error


def _table(rows):
    try:
        header = [(cell or "").strip().lower() for cell in next(rows)]
    except StopIteration:
        raise ImportFileError(_("The file is empty.")) from None
    unknown = [name for name in header if name and name not in NAMES]
    missing = [name for name, required in COLUMNS if required and name not in header]
    if unknown or missing:
        problems = []
        if missing:
            problems.append(_("missing columns: %s") % ", ".join(missing))
        if unknown:
            problems.append(_("unknown columns: %s") % ", ".join(unknown))
        raise ImportFileError(_("The header row does not fit: %s.") % "; ".join(problems))
    table = []
    for number, cells in enumerate(rows, start=2):
        if not any((cell or "").strip() for cell in cells):
            continue  # blank lines, e.g. at the end of a sheet
        values = {name: (cells[i] if i < len(cells) else "") or "" for i, name in enumerate(header)}
        values.pop("", None)
        table.append((number, values))
        if len(table) > MAX_ROWS:
            raise ImportFileError(_("At most %d practices in one file.") % MAX_ROWS)
    return table


def _csv_rows(data: bytes):
    # Excel in Polish saves CSV in Windows-1250 with semicolons; everyone else in UTF-8.
    for encoding in ("utf-8-sig", "cp1250"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError(_("The file's characters cannot be read; save it as UTF-8."))
    first_line = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first_line.count)
    try:
        yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    except csv.Error as error:
        raise ImportFileError(_("The CSV file is malformed: %s") % error) from error


def _xlsx_rows(upload):
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, SyntaxError) as error:
        raise ImportFileError(_("The XLSX file cannot be opened.")) from error
    try:
        if not workbook.worksheets:
            raise ImportFileError(_("The XLSX file has no sheet of data."))
        for row in workbook.worksheets[0].iter_rows(values_only=True):
            yield [_cell_text(value) for value in row]
    finally:
        workbook.close()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _unquoted(text: str) -> str:
    return formula_unquoted(text.strip())


# Checking


class ImportRowForm(forms.Form):
    """One row, checked as the practice form checks it; the errors name the columns."""

    identyfikator = forms.SlugField(required=False, max_length=280)
    tytul = forms.CharField(max_length=255)
    kategoria = forms.CharField(max_length=250)
    miasto = forms.CharField(max_length=120)
    skrot = forms.CharField()
    prezentacja = forms.CharField(required=False)
    jednostka_realizujaca = forms.CharField(required=False, max_length=255)
    adres = forms.CharField(required=False, max_length=255)
    kod_pocztowy = forms.CharField(
        required=False,
        validators=[
            RegexValidator(POSTAL_CODE_PATTERN, gettext_lazy("Write the postal code as 00-000."))
        ],
    )
    poczta = forms.CharField(required=False, max_length=100)
    strona_www = forms.URLField(required=False, assume_scheme="https")
    liczba_mieszkancow = forms.IntegerField(required=False, min_value=0, max_value=10_000_000)
    sieci = forms.CharField(required=False)
    tylko_dla_sieci = forms.CharField(required=False)
    tagi = forms.CharField(required=False)
    kontakty = forms.CharField(required=False)
    status = forms.CharField(required=False)
    data_publikacji = forms.DateField(required=False, input_formats=["%Y-%m-%d", "%d.%m.%Y"])

    def __init__(self, *args, lookups, **kwargs):
        super().__init__(*args, **kwargs)
        self.lookups = lookups

    def clean_data_publikacji(self):
        published = self.cleaned_data["data_publikacji"]
        if published and not 1990 <= published.year <= 2100:
            raise ValidationError(_("Give a date between the years %(first)d and %(last)d.")
                                  % {"first": 1990, "last": 2100})  # fmt: skip
        return published

    def clean_identyfikator(self):
        slug = self.cleaned_data["identyfikator"]
        if slug and not is_free_slug(slug):
            raise ValidationError(
                _("“%(slug)s” is one of the portal's own addresses; leave it empty or choose "
                  "another.") % {"slug": slug}
            )  # fmt: skip
        return slug

    def clean_kategoria(self):
        category = self.lookups.category(self.cleaned_data["kategoria"])
        if category is None:
            raise ValidationError(
                _("No such category. Write “Top category” or “Top category / sub-category”.")
            )
        return category

    def clean_miasto(self):
        return self.lookups.city(self.cleaned_data["miasto"])

    def clean_sieci(self):
        slugs = _split(self.cleaned_data["sieci"])
        networks = [self.lookups.networks.get(slug) for slug in slugs]
        unknown = [slug for slug, network in zip(slugs, networks, strict=True) if network is None]
        if unknown:
            raise ValidationError(_("No network with the address: %s.") % ", ".join(unknown))
        return networks

    def clean_tylko_dla_sieci(self):
        value = self.cleaned_data["tylko_dla_sieci"].strip().lower()
        if value not in YES | NO:
            raise ValidationError(_("Write “tak” or “nie”."))
        return value in YES

    def clean_tagi(self):
        names = {
            name.strip().lower()[:60]
            for name in self.cleaned_data["tagi"].replace(",", ";").split(";")
        }
        return sorted(name for name in names if name)

    def clean_kontakty(self):
        contacts = []
        for entry in _split(self.cleaned_data["kontakty"]):
            name, *rest = [part.strip() for part in entry.split("|")]
            contact = {"name": name[:200], "phone": "", "email": ""}
            for part in rest:
                if "@" in part:
                    validate_email(part)
                    contact["email"] = part
                elif part:
                    contact["phone"] = part[:40]
            contacts.append(contact)
        return contacts

    def clean_status(self):
        value = self.cleaned_data["status"].strip().lower() or "opublikowana"
        if value not in STATUSES:
            raise ValidationError(_("Write “opublikowana” or “szkic”."))
        return STATUSES[value]

    def clean(self):
        data = super().clean()
        if data.get("tylko_dla_sieci") and not data.get("sieci"):
            self.add_error("sieci", _("A practice only for its networks must name them."))
        return data


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()]


class Lookups:
    """Categories, cities and networks read once for the whole file, not once a row."""

    def __init__(self):
        self.categories = {}
        for category in Category.objects.select_related("parent"):
            key = f"{category.parent.name} / {category.name}" if category.parent else category.name
            self.categories[key.lower()] = category
        self.networks = {network.slug: network for network in Network.objects.all()}
        self.cities_by_slug = {}
        self.cities_by_name = {}

    def category(self, text):
        return self.categories.get(" / ".join(part.strip() for part in text.split("/")).lower())

    def city(self, text):
        text = text.strip()
        if text not in self.cities_by_slug:
            self.cities_by_slug[text] = City.objects.filter(slug=text).first()
        if self.cities_by_slug[text]:
            return self.cities_by_slug[text]
        key = text.lower()
        if key not in self.cities_by_name:
            self.cities_by_name[key] = list(City.objects.filter(name__iexact=text)[:2])
        found = self.cities_by_name[key]
        if not found:
            raise ValidationError(_("No such city: “%s”.") % text)
        if len(found) > 1:
            raise ValidationError(
                _("More than one city is called “%s”; give its address (slug) instead.") % text
            )
        return found[0]


# Importing


def import_practices(
    rows: list[tuple[int, dict[str, str]]],
    *,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Check and save every row in one transaction; keep it only if no row failed and this is
    not a dry run. The database's own checks run in a dry run too."""
    report = ImportReport(rows=len(rows), dry_run=dry_run)
    lookups = Lookups()
    seen = set()  # the practices this file already wrote, by slug
    with transaction.atomic():
        for done, (number, row) in enumerate(rows, start=1):
            form = ImportRowForm({k: _unquoted(v) for k, v in row.items()}, lookups=lookups)
            if not form.is_valid():
                for column, messages in form.errors.items():
                    report.errors.extend(RowError(number, column, m) for m in messages)
            elif form.cleaned_data["identyfikator"] in seen:
                report.errors.append(
                    RowError(number, "identyfikator", _("This practice is already in the file."))
                )
            else:
                slug = _save(form.cleaned_data, set(row), report, number)
                seen.add(slug)
            if progress:
                progress(done, len(rows))
        if report.errors or dry_run:
            transaction.set_rollback(True)
    return report


# column -> the practice's field, for the plain ones
FIELDS = {
    "tytul": "title", "kategoria": "category", "miasto": "city", "skrot": "summary",
    "jednostka_realizujaca": "implementing_unit", "adres": "street_address",
    "kod_pocztowy": "postal_code", "poczta": "post_office", "strona_www": "website",
    "liczba_mieszkancow": "inhabitants", "tylko_dla_sieci": "restricted_to_networks",
    "status": "status",
}  # fmt: skip


def _save(data, columns: set[str], report: ImportReport, number: int) -> str | None:
    """Create the practice, or update the one the row names: only from the columns the file
    has, so a column left out changes nothing (its networks, restriction, status stay)."""
    try:
        with transaction.atomic():
            slug = data["identyfikator"]
            practice = Practice.objects.filter(slug=slug).first() if slug else None
            created = practice is None
            if created:
                practice = Practice(slug=slug or unique_slug(data["tytul"]))
                columns = set(NAMES)  # a new practice takes every value, defaults included
            for column, field in FIELDS.items():
                if column in columns:
                    setattr(practice, field, data[column])
            if "prezentacja" in columns:
                practice.presentation = sanitise.rich_text(data["prezentacja"])
            if practice.status == PracticeStatus.PUBLISHED:
                practice.published_at = _published_at(data["data_publikacji"], practice)
            practice.save()
            if "sieci" in columns:
                practice.networks.set(data["sieci"])
            if "tagi" in columns:
                practice.tags.set([Tag.objects.get_or_create(name=n)[0] for n in data["tagi"]])
            if "kontakty" in columns:
                practice.contacts.all().delete()
                practice.contacts.bulk_create(
                    [practice.contacts.model(practice=practice, **c) for c in data["kontakty"]]
                )
            search_index(practice)
    except DatabaseError as error:
        report.errors.append(RowError(number, "", _("The database refused the row: %s") % error))
        return None
    if created:
        report.created += 1
    else:
        report.updated += 1
    return practice.slug


def _published_at(day, practice):
    """The day the file gives (noon, unless it is the day already recorded), or the one
    recorded, or now."""
    if day is None:
        return practice.published_at or timezone.now()
    if practice.published_at and timezone.localdate(practice.published_at) == day:
        return practice.published_at
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


# Exporting


def export_rows(practices) -> Iterable[list[str]]:
    """The header, then a row a practice, in COLUMNS' order, safe to open in a spreadsheet."""
    yield NAMES
    practices = (
        practices.select_related("city", "category__parent")
        .prefetch_related("networks", "tags", "contacts")
        .iterator(chunk_size=500)
    )
    statuses = {status: name for name, status in STATUSES.items()}
    for p in practices:
        category = (
            f"{p.category.parent.name} / {p.category.name}"
            if p.category.parent
            else p.category.name
        )
        row = [
            p.slug, p.title, category, p.city.slug, p.summary, p.presentation,
            p.implementing_unit, p.street_address, p.postal_code, p.post_office, p.website,
            "" if p.inhabitants is None else str(p.inhabitants),
            "; ".join(n.slug for n in p.networks.all()),
            "tak" if p.restricted_to_networks else "nie",
            "; ".join(t.name for t in p.tags.all()),
            "; ".join(" | ".join(filter(None, [c.name, c.phone, c.email])) for c in p.contacts.all()),
            statuses.get(p.status, "szkic"),
            timezone.localdate(p.published_at).isoformat() if p.published_at else "",
        ]  # fmt: skip
        yield [formula_safe(cell) for cell in row]


def export_response(practices, *, kind: str, filename: str) -> HttpResponse:
    return table_response(
        export_rows(practices), kind=kind, filename=filename, sheet=str(_("Good practices"))
    )
