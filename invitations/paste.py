"""People to invite, as a coordinator pastes them from a spreadsheet: one person a line,
e-mail, name, city, function, separated by tabs (what Excel and LibreOffice copy), semicolons
(a Polish CSV) or commas; a header line may come first. Every line that cannot be used is
reported with its number and the reason, and nothing is sent until all can."""

import csv
import dataclasses
import functools
import operator

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.choices import Function
from cities.models import City
from empirie.folding import folded
from empirie.sanitise import visible

# At most this many people a paste: enough for a network's cities, little enough that one
# paste's e-mails cannot swamp the outbox.
MAX_ROWS = 200
LONGEST_LINE = 1000
NAME_LONGEST = 150
CITY_LONGEST = 120
# A cell starting so is a formula to a spreadsheet that opens it later (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# What people write in the function column, folded, and the function it means.
FUNCTION_WORDS = {
    **{folded(value): value for value in Function.values},
    "pracownik": Function.STAFF,
    "pracownik urzedu": Function.STAFF,
    "pracowniczka urzedu": Function.STAFF,
    "urzednik": Function.STAFF,
    "urzedniczka": Function.STAFF,
    "staff": Function.STAFF,
    "burmistrz": Function.MAYOR,
    "mayor": Function.MAYOR,
    "prezydent": Function.PRESIDENT,
    "prezydent miasta": Function.PRESIDENT,
    "prezydentka miasta": Function.PRESIDENT,
    "president": Function.PRESIDENT,
    "zastepca burmistrza": Function.DEPUTY_MAYOR,
    "zastepczyni burmistrza": Function.DEPUTY_MAYOR,
    "deputy mayor": Function.DEPUTY_MAYOR,
    "zastepca prezydenta": Function.DEPUTY_PRESIDENT,
    "zastepca prezydenta miasta": Function.DEPUTY_PRESIDENT,
    "zastepczyni prezydenta": Function.DEPUTY_PRESIDENT,
    "zastepczyni prezydenta miasta": Function.DEPUTY_PRESIDENT,
    "wiceprezydent": Function.DEPUTY_PRESIDENT,
    "wiceburmistrz": Function.DEPUTY_MAYOR,
    "deputy city president": Function.DEPUTY_PRESIDENT,
    "inna": Function.OTHER,
    "inne": Function.OTHER,
    "other": Function.OTHER,
}


@functools.cache
def function_words() -> dict:
    """FUNCTION_WORDS and each function's label as the portal shows it, in both languages
    ("pracownik urzędu miasta", as the sign-up form and the people lists say it)."""
    words = dict(FUNCTION_WORDS)
    for language in ("pl", "en"):
        with translation.override(language):
            words.update({folded(str(label)): value for value, label in Function.choices})
    return words


# As long as an account's address may be (RFC 5321; the column of both tables).
EMAIL_LONGEST = 254
HEADER_WORDS = {"e-mail", "email", "adres e-mail", "adres", "mail", "e-mail address"}


@dataclasses.dataclass(frozen=True)
class Invitee:
    line: int
    email: str
    name: str = ""
    city: City | None = None
    function: str = ""


@dataclasses.dataclass(frozen=True)
class Problem:
    line: int
    reason: str

    def __str__(self):
        return _("Line %(line)d: %(reason)s") % {"line": self.line, "reason": self.reason}


def _cells(line: str) -> list[str]:
    delimiter = "\t" if "\t" in line else ";" if ";" in line else ","
    row = next(csv.reader([line], delimiter=delimiter), [])
    # Zero-width spaces, direction overrides and a spreadsheet's BOM show nothing.
    return [visible(cell) for cell in row]


def parse(text: str) -> tuple[list[Invitee], list[Problem]]:
    """The people of a paste and the problems of its lines (numbered as pasted)."""
    lines = [(number, line) for number, line in enumerate(text.splitlines(), 1) if line.strip()]
    if len(lines) > MAX_ROWS:
        return [], [
            Problem(
                lines[MAX_ROWS][0],
                _("at most %(most)d people at once; this paste has %(count)d lines. Send the "
                  "rest in another paste.") % {"most": MAX_ROWS, "count": len(lines)},
            )
        ]  # fmt: skip
    rows, problems = [], []
    for index, (number, line) in enumerate(lines):
        if len(line) > LONGEST_LINE:
            problems.append(
                Problem(number, _("the line is longer than %(most)d characters.")
                        % {"most": LONGEST_LINE})
            )  # fmt: skip
            continue
        cells = _cells(line)
        if index == 0 and cells and folded(cells[0]) in HEADER_WORDS:
            continue  # a header line
        while cells and not cells[-1]:
            cells.pop()  # the empty cells a spreadsheet copies after the last column
        if len(cells) > 4:
            problems.append(
                Problem(number, _("more than four columns (e-mail, name, city, function)."))
            )
            continue
        rows.append((number, (cells + ["", "", "", ""])[:4]))
    cities = _cities({city for _n, (_e, _na, city, _f) in rows if city})
    invitees, seen = [], {}
    for number, (email, name, city, function) in rows:
        reason = _row_problem(email, name, city, function, cities, seen)
        if reason:
            problems.append(Problem(number, reason))
            continue
        email = email.lower()
        seen[email] = number
        invitees.append(
            Invitee(
                line=number,
                email=email,
                name=name,
                city=cities[folded(city)][0] if city else None,
                function=function_words()[folded(function)] if function else "",
            )
        )
    return invitees, sorted(problems, key=lambda problem: problem.line)


def _row_problem(email, name, city, function, cities, seen) -> str:
    for cell in (email, name, city, function):
        if any(ord(char) < 32 or ord(char) == 127 for char in cell):
            return _("the line holds control characters; type it again as plain text.")
        if cell.startswith(FORMULA_STARTS):
            return _("“%(cell)s” looks like a spreadsheet formula; write it as plain text.") % {
                "cell": cell[:40]
            }
    if not email:
        return _("the e-mail address is missing (it comes first).")
    try:
        validate_email(email)
    except ValidationError:
        return _("“%(email)s” is not an e-mail address.") % {"email": email[:80]}
    if len(email) > EMAIL_LONGEST:
        return _("the e-mail address is longer than %(most)d characters.") % {"most": EMAIL_LONGEST}
    if email.lower() in seen:
        return _("%(email)s is already on line %(line)d.") % {
            "email": email.lower(),
            "line": seen[email.lower()],
        }
    if len(name) > NAME_LONGEST:
        return _("the name is longer than %(most)d characters.") % {"most": NAME_LONGEST}
    if city:
        found = cities.get(folded(city), [])
        if not found:
            return _("we know no city named “%(city)s”; correct it or leave it empty.") % {
                "city": city[:CITY_LONGEST]
            }
        if len(found) > 1:
            return _(
                "several cities are named “%(city)s”; leave it empty and the person will choose "
                "theirs when signing up."
            ) % {"city": city[:CITY_LONGEST]}
    if function and folded(function) not in function_words():
        return _(
            "“%(function)s” is not a function we know; write one of: pracownik urzędu, "
            "burmistrz, prezydent miasta, zastępca burmistrza, zastępca prezydenta, inna."
        ) % {"function": function[:60]}
    return ""


def _cities(names: set[str]) -> dict[str, list[City]]:
    """The cities named, by their folded name, in one query."""
    names = {name for name in names if len(name) <= CITY_LONGEST}
    if not names:
        return {}
    query = functools.reduce(operator.or_, (Q(name__iexact=name) for name in names))
    found: dict[str, list[City]] = {}
    for city in City.objects.filter(query).only("pk", "name", "slug"):
        found.setdefault(folded(city.name), []).append(city)
    return found
