"""The time a figure covers: a year, a quarter of it, or all time; and its quarters, in Warsaw
time (networks meet once a quarter), as the charts' axis."""

import datetime as dt
import functools
from dataclasses import dataclass

from django.contrib.postgres.fields import ArrayField
from django.db.models import Count, DateTimeField, Func, IntegerField, Q, Value
from django.db.models.functions import TruncQuarter
from django.utils import timezone

from empirie.i18n import Quarter

# A chart of all time shows at most so many quarters, the latest (ten years).
MOST_QUARTERS = 40


def quarter_start(quarter: Quarter) -> dt.datetime:
    return timezone.make_aware(dt.datetime(quarter.year, 3 * quarter.number - 2, 1))


def next_quarter(quarter: Quarter) -> Quarter:
    if quarter.number == 4:
        return Quarter(quarter.year + 1, 1)
    return Quarter(quarter.year, quarter.number + 1)


def quarters_from(first: Quarter, last: Quarter) -> list:
    quarters = []
    while first <= last:
        quarters.append(first)
        first = next_quarter(first)
    return quarters


@dataclass(frozen=True)
class Period:
    year: int | None = None
    quarter: int | None = None
    today: dt.date | None = None

    @classmethod
    def of(cls, year, quarter, *, today):
        return cls(year, quarter if year else None, today)

    @property
    def bounded(self) -> bool:
        return self.year is not None

    @property
    def start(self):
        if self.quarter:
            return quarter_start(Quarter(self.year, self.quarter))
        return quarter_start(Quarter(self.year, 1)) if self.year else None

    @property
    def end(self):
        if self.quarter:
            return quarter_start(next_quarter(Quarter(self.year, self.quarter)))
        return quarter_start(Quarter(self.year + 1, 1)) if self.year else None

    def q(self, field: str) -> Q:
        """The rows whose `field` falls in the period (all rows for all time)."""
        if not self.bounded:
            return Q()
        return Q(**{f"{field}__gte": self.start, f"{field}__lt": self.end})

    def axis(self, found) -> list:
        """The quarters a chart shows: those of the period, or for all time those from the
        first with data to the latest (now at the most), the last MOST_QUARTERS of them."""
        if self.quarter:
            return [Quarter(self.year, self.quarter)]
        if self.year:
            return [Quarter(self.year, n) for n in range(1, 5)]
        found = sorted(found)
        if not found:
            return []
        last = max(found[-1], Quarter.of(self.today)) if self.today else found[-1]
        return quarters_from(found[0], last)[-MOST_QUARTERS:]


def previous_quarter(quarter: Quarter) -> Quarter:
    if quarter.number == 1:
        return Quarter(quarter.year - 1, 4)
    return Quarter(quarter.year, quarter.number - 1)


class WidthBucket(Func):
    """PostgreSQL's width_bucket(moment, bounds): 0 before the first bound, i from the i-th
    to the next, len(bounds) from the last on: a binary search of the bounds."""

    function = "WIDTH_BUCKET"
    output_field = IntegerField()


def _bucketed_quarters(period: Period) -> list | None:
    """The quarters whose rows by_quarter counts one by one, in order: the period's, or for
    all time the last MOST_QUARTERS to today's, all an axis can show (Period.axis), and as
    many after it (rows dated ahead, which move the axis on); None for all time without a
    today."""
    if period.bounded:
        return period.axis(())
    if period.today is None:
        return None
    first = last = Quarter.of(period.today)
    for _step in range(MOST_QUARTERS - 1):
        first = previous_quarter(first)
    for _step in range(MOST_QUARTERS):
        last = next_quarter(last)
    return quarters_from(first, last)


@functools.lru_cache(maxsize=64)
def _calendar(period: Period, zone: str) -> tuple | None:
    """The quarters by_quarter counts one by one and their bounds (their starts, then the end
    of the last): calendar arithmetic, the same for every page of a day, so worked out once
    (some 80 aware moments a chart were a tenth of a page's time)."""
    quarters = _bucketed_quarters(period)
    if quarters is None:
        return None
    bounds = [quarter_start(q) for q in quarters] + [quarter_start(next_quarter(quarters[-1]))]
    return tuple(quarters), tuple(bounds)


def by_quarter(rows, field: str, period: Period, **aggregates) -> dict:
    """{Quarter: {name: value}} of `rows` grouped by the quarter of `field` (in Warsaw time):
    one query, however many rows.

    The rows are put in their quarter by a binary search of the quarters' starts (width_bucket)
    rather than by truncating each row's moment in Warsaw time: the time-zone conversion was
    most of the cost of a chart of tens of thousands of rows (posts). For all time, whatever
    is older than the quarters an axis can show is one bucket, given the quarter before them:
    Period.axis then starts the axis where it would have (at the first of them), and never
    shows it. Rows after the last bucket (ten years ahead: none should be) are counted
    exactly, apart."""
    rows = rows.filter(period.q(field)).exclude(**{f"{field}__isnull": True}).order_by()
    calendar = _calendar(period, timezone.get_current_timezone_name())
    if calendar is None:
        return _by_truncated_quarter(rows, field, aggregates)
    quarters, bounds = calendar
    bucket = WidthBucket(field, Value(list(bounds), output_field=ArrayField(DateTimeField())))
    grouped = rows.annotate(figures_bucket=bucket).values("figures_bucket").annotate(**aggregates)
    earlier = previous_quarter(quarters[0])
    counted, later = {}, False
    for row in grouped:
        index = row.pop("figures_bucket")
        if index > len(quarters):
            later = True
        else:
            counted[quarters[index - 1] if index else earlier] = row
    if later:
        counted.update(_by_truncated_quarter(rows.filter(**{f"{field}__gte": bounds[-1]}),
                                             field, aggregates))  # fmt: skip
    return counted


def _by_truncated_quarter(rows, field, aggregates) -> dict:
    grouped = (
        rows.annotate(figures_quarter=TruncQuarter(field))
        .values("figures_quarter")
        .annotate(**aggregates)
    )
    return {Quarter.of(row.pop("figures_quarter")): row for row in grouped}


def counted_by_choice(rows, field: str, period: Period, choice: str, choices) -> tuple:
    """The period's quarters, and for each (value, label) of `choices` a series: how many of
    `rows` had that value of `choice`, quarter by quarter of `field`. One query."""
    from .charts import Series  # the charts draw; the periods only count

    counts = by_quarter(
        rows, field, period,
        **{str(value): Count("pk", filter=Q(**{choice: value})) for value, _label in choices},
    )  # fmt: skip
    quarters = period.axis(counts)
    return quarters, [
        Series(str(label), [counts.get(q, {}).get(str(value), 0) for q in quarters])
        for value, label in choices
    ]


def quarter_labels(quarters) -> list:
    return [str(quarter) for quarter in quarters]
