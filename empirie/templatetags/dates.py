"""{{ value|date:"…" }}, Django's own, with the three formats the pages print most ("c" for
<time datetime>, "j E Y" and "j E Y, H:i") written out directly: Django's general formatter
looks the format up, splits it and calls a method per letter, some 60 µs a date in a page,
and a list prints one or two dates a row. Every other format, and every value that is not a
date or a datetime, goes to Django's filter; the output is the same
(tests/portal/test_dates.py compares them)."""

import datetime as dt

from django import template
from django.template import defaultfilters
from django.utils.dates import MONTHS_ALT
from django.utils.translation import get_language

register = template.Library()
_month_names: dict = {}  # (language, month): the month's name as "E" prints it


def _month(month: int) -> str:
    key = (get_language(), month)
    name = _month_names.get(key)
    if name is None:
        name = _month_names[key] = str(MONTHS_ALT[month])
    return name


def day_month_year(value) -> str:
    return f"{value.day} {_month(value.month)} {value.year:04d}"


def day_month_year_time(value) -> str:
    return (
        f"{value.day} {_month(value.month)} {value.year:04d}, {value.hour:02d}:{value.minute:02d}"
    )


# Format: (what it formats, how). A date alone has no hour: Django refuses "H:i" for it.
WRITTEN_OUT = {
    "c": (dt.date, lambda value: value.isoformat()),
    "j E Y": (dt.date, day_month_year),
    "j E Y, H:i": (dt.datetime, day_month_year_time),
}


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    written_out = WRITTEN_OUT.get(arg)
    if written_out is not None and isinstance(value, written_out[0]):
        return written_out[1](value)
    return defaultfilters.date(value, arg)
