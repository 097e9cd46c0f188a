"""The pages' date filter (empirie.templatetags.dates) prints what Django's own prints, for
every value and format, in both languages; only faster for the commonest formats."""

import datetime as dt
import zoneinfo

import pytest
from django.template import Context, Engine, engines
from django.utils import translation

WARSAW = zoneinfo.ZoneInfo("Europe/Warsaw")
VALUES = [
    dt.datetime(2026, 1, 5, 7, 3, 9, tzinfo=dt.UTC),
    dt.datetime(2026, 3, 29, 0, 59, tzinfo=dt.UTC),  # the night the clocks go forward
    dt.datetime(2026, 10, 25, 1, 30, 0, 123456, tzinfo=dt.UTC),
    dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.UTC),  # a new year in Warsaw
    dt.datetime(987, 5, 2, 12, 0, tzinfo=WARSAW),
    dt.datetime(2025, 6, 15, 14, 45),  # naive
    dt.date(2026, 2, 1),
    dt.date(2026, 9, 30),
    None,
    "",
    "2026-01-01",
    dt.time(9, 5),
]
FORMATS = ["c", "j E Y", "j E Y, H:i", "H:i", "DATETIME_FORMAT", "l, j E Y, H:i", None]


def rendered(template, value, fmt) -> str:
    try:
        return template.render(Context({"value": value, "fmt": fmt}))
    except Exception as error:  # noqa: BLE001  # the same refusal counts as the same output
        return type(error).__name__


@pytest.mark.parametrize("language", ["pl", "en"])
def test_the_pages_date_filter_prints_what_djangos_prints(language, settings):
    settings.TIME_ZONE = "Europe/Warsaw"
    ours = engines["django"].engine
    djangos = Engine(libraries={}, builtins=[])  # Django's filters alone
    sources = {fmt: "{{ value|date:fmt }}" if fmt else "{{ value|date }}" for fmt in FORMATS}
    with translation.override(language):
        for fmt, source in sources.items():
            mine, theirs = ours.from_string(source), djangos.from_string(source)
            for value in VALUES:
                assert rendered(mine, value, fmt) == rendered(theirs, value, fmt), (fmt, value)
