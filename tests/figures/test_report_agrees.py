"""The funder's report and the statistics pages count the same things the same way: for the
same year, what both show agrees; where the report (for ZMP's administrators) counts more, the
difference is exactly the leaders' network's items, which the public page never shows."""

import datetime as dt

import pytest

from figures import public, staff
from figures.periods import Period
from figures.report import Period as ReportPeriod
from figures.report import funder_report
from tests.figures.world import build

pytestmark = pytest.mark.django_db

IN_2024 = Period(2024, today=dt.date(2024, 12, 1))


def total(chart, series_name=None):
    series = [s for s in chart.series if series_name is None or s.name == series_name]
    return sum(value or 0 for s in series for value in s.values)


def test_the_report_and_the_statistics_agree_on_the_same_year():
    world = build()
    admin = world.people["admin"]
    report = funder_report(admin, ReportPeriod.year(2024))
    filters = {"network": None, "period": IN_2024, "voivodeship": ""}

    # Attendances: the people present at the year's meetings, every network (the leaders' too).
    attendance = staff.attendance_by_quarter_chart(user=admin, **filters)
    present = attendance.series[0]  # present, absent, not recorded (staff.ATTENDANCE)
    assert report.registrations == total(attendance, present.name) == 3

    # Practices taken up: the same transfers, counted once each.
    assert report.transfers == public.transfer_figures(**filters)["transfers"] == 1

    # Practices and results published: the public page counts what anyone sees; the report
    # counts the leaders' network's too, and only that more.
    published = total(public.practices_by_category_chart(**filters))
    restricted_to_leaders = 1  # "C secret", restricted to the leaders' network
    assert report.practices_published == published + restricted_to_leaders == 4
    results = total(public.results_chart(**filters))
    leaders_results = 1  # "Tajny wynik liderów"
    assert report.results_published == results + leaders_results == 2
