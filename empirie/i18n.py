"""Texts that exist in one language, or in two, and the `lang` they are written in.

The portal's fixed vocabulary is translated through the catalogues; what staff enter in the
database (a network's theme, the practice categories) carries an optional English version
beside the Polish one. Either way a template can tell which language it shows, and marks it
with `lang` when it differs from the page's (WCAG 3.1.2, empirie.templatetags.language)."""

import datetime as dt
from typing import NamedTuple

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Localized(str):
    """A text that knows the language it is written in."""

    lang = "pl"

    def __new__(cls, text, lang="pl"):
        value = super().__new__(cls, text)
        value.lang = lang
        return value

    def __reduce__(self):
        # Into a cache and back with its language.
        return (Localized, (str(self), self.lang))


def page_language() -> str:
    return (get_language() or "pl").split("-")[0]


def localized(polish: str, english: str = "") -> Localized:
    """The English version on English pages when there is one; the Polish text otherwise."""
    if english and page_language() == "en":
        return Localized(english, "en")
    return Localized(polish, "pl")


# One form for a quarter everywhere: "I kw. 2027" in Polish, "Q1 2027" in English.
QUARTER_NAMES = {1: _("Q1"), 2: _("Q2"), 3: _("Q3"), 4: _("Q4")}
QUARTER_FORMATS = {
    1: _("Q1 %(year)s"),
    2: _("Q2 %(year)s"),
    3: _("Q3 %(year)s"),
    4: _("Q4 %(year)s"),
}


class Quarter(NamedTuple):
    """A quarter of a year, in Warsaw time (networks meet once a quarter); shown in the
    reader's language, and comparable, so lists can be grouped by it."""

    year: int
    number: int

    @classmethod
    def of(cls, moment: dt.date | dt.datetime) -> "Quarter":
        if isinstance(moment, dt.datetime) and timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return cls(moment.year, (moment.month - 1) // 3 + 1)

    def __str__(self):
        return str(QUARTER_FORMATS[self.number]) % {"year": self.year}
