"""A meeting's printed documents, built on `empirie.pdf`: the attendance list to sign at the
door, and the certificates of participation (rendered from what a certificate keeps, never
stored). Both are worded in Polish (see empirie.pdf)."""

from django.conf import settings
from django.urls import reverse
from django.utils import dateformat, timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from empirie.folding import folded
from empirie.pdf import BOLD, FONT, HEADINGS, Document, zip_bytes

from . import services

# Empty rows at the end of the attendance list, for people who come without registering.
SPARE_ROWS = 5
SIGNATURE_ROW_HEIGHT = 13  # mm: room to sign


def when(starts_at, ends_at) -> tuple[str, str]:
    """The date (or dates) and the hours, in Warsaw time, as Polish documents write them."""
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    date = dateformat.format(start, "j E Y")
    if end.date() != start.date():
        date = f"{date} – {dateformat.format(end, 'j E Y')}"
    return date, f"{start:%H:%M}–{end:%H:%M}"


def verification_url(certificate) -> str:
    """The address that confirms the certificate: the portal's (settings.PORTAL_URL), in
    Polish, whatever the address of the request that made the PDF."""
    with translation.override("pl"):
        path = reverse("certificates:verify", args=[certificate.code])
    return settings.PORTAL_URL + path


# The attendance list


def attendance_groups(registrations):
    """The registrations by city, cities in Polish order (their sort keys), people in each
    by surname; those without a city (ZMP's staff) last."""
    groups = {}
    for registration in registrations:
        profile = getattr(registration.person, "profile", None)
        city = profile.city if profile and profile.city_id else None
        groups.setdefault(city, []).append(registration)
    cities = sorted((c for c in groups if c is not None), key=lambda c: (c.sort_key, c.pk))
    ordered = [(city.name, groups[city]) for city in cities]
    if None in groups:
        ordered.append((_("ZMP / no city"), groups[None]))
    for _name, people in ordered:
        people.sort(key=lambda r: (r.person.sort_key, r.pk))
    return ordered


def attendance_list_pdf(meeting, registrations) -> bytes:
    """The meeting's registered people by city, with a column to sign in; the table's header
    repeats on each page."""
    with translation.override("pl"):
        date, hours = when(meeting.starts_at, meeting.ends_at)
        title = _("Attendance list")
        pdf = Document(title=f"{title}: {meeting.topic}", subject=meeting.network.name)
        pdf.heading(title)
        pdf.facts([
            (_("Network"), meeting.network.name),
            (_("Meeting"), meeting.topic),
            (pgettext("calendar day", "Date"), date),
            (_("Hours"), hours),
            (_("Place"), services.place_of(meeting)),
        ], label_width=28)  # fmt: skip
        pdf.ln(3)
        groups = attendance_groups(registrations)
        columns = [_("No."), _("Full name"), _("Function"), _("Taking part"), _("Signature")]
        with pdf.table(
            col_widths=(10, 52, 40, 26, 46), repeat_headings=1, headings_style=HEADINGS,
            line_height=5, padding=1.5, v_align="MIDDLE", text_align="LEFT",
        ) as table:  # fmt: skip
            heading = table.row()
            for column in columns:
                heading.cell(column)
            number = 0
            for name, people in groups:
                table.row(style=BOLD).cell(name, colspan=len(columns))
                for registration in people:
                    number += 1
                    profile = getattr(registration.person, "profile", None)
                    row = table.row(min_height=SIGNATURE_ROW_HEIGHT)
                    row.cell(f"{number}.")
                    row.cell(registration.person.public_name)
                    row.cell(profile.get_function_display() if profile else "")
                    row.cell(registration.get_mode_display())
                    row.cell("")
            table.row(style=BOLD).cell(_("Not registered"), colspan=len(columns))
            for _spare in range(SPARE_ROWS):
                number += 1
                row = table.row(min_height=SIGNATURE_ROW_HEIGHT)
                row.cell(f"{number}.")
                for _column in columns[1:]:
                    row.cell("")
        if not groups:
            pdf.ln(3)
            pdf.multi_cell(0, 5, _("Nobody has registered yet."))
        return pdf.to_bytes()


def attendance_list_filename(meeting) -> str:
    return f"lista-obecnosci-{meeting.pk}.pdf"


# Certificates of participation


def certificate_pdf(certificate) -> bytes:
    """One certificate, from what it keeps (the texts as they were when it was issued)."""
    url = verification_url(certificate)
    with translation.override("pl"):
        date, hours = when(certificate.starts_at, certificate.ends_at)
        title = _("Certificate of participation")
        pdf = Document(title=f"{title} {certificate.number}", subject=certificate.person_name)
        pdf.set_y(40)
        pdf.set_font(FONT, "B", 22)
        pdf.cell(0, 12, title.upper(), align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT, size=11)
        pdf.cell(
            0, 7, _("No. %(number)s") % {"number": certificate.number}, align="C",
            new_x="LMARGIN", new_y="NEXT",
        )  # fmt: skip
        pdf.ln(12)
        pdf.multi_cell(
            0, 6,
            _("The Association of Polish Cities certifies that the person named below took "
              "part in a meeting of an experience-exchange network."),
            align="C", new_x="LMARGIN", new_y="NEXT",
        )  # fmt: skip
        pdf.ln(8)
        pdf.set_font(FONT, "B", 20)
        pdf.multi_cell(0, 10, certificate.person_name, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(10)
        facts = [
            (_("Network"), certificate.network_name),
            (_("Meeting"), certificate.meeting_topic),
            (pgettext("calendar day", "Date"), date),
            (_("Hours"), hours),
            (_("Place"), certificate.place),
        ]
        if certificate.coordinator_name:
            facts.append((_("Network coordinator"), certificate.coordinator_name))
        facts.append((_("Issued on"), dateformat.format(
            timezone.localtime(certificate.issued_at), "j E Y"
        )))  # fmt: skip
        pdf.facts(facts, label_width=48, size=11)
        pdf.ln(16)
        pdf.set_font(FONT, size=9)
        pdf.multi_cell(
            0, 5, _("Whether this certificate is genuine and still valid can be checked at:"),
            new_x="LMARGIN", new_y="NEXT",
        )  # fmt: skip
        pdf.set_font(FONT, "B", 9)
        pdf.multi_cell(0, 5, url, link=url, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT, size=9)
        pdf.multi_cell(
            0, 5, _("Verification code: %(code)s") % {"code": certificate.code},
            new_x="LMARGIN", new_y="NEXT",
        )  # fmt: skip
        return pdf.to_bytes()


def certificate_filename(certificate) -> str:
    name = slugify(folded(certificate.person_name)) or "osoba"
    return f"zaswiadczenie-{name}.pdf"


def certificates_zip(certificates) -> bytes:
    """Each certificate's PDF, named by its person (a name twice gets a number)."""
    return zip_bytes((certificate_filename(c), certificate_pdf(c)) for c in certificates)
