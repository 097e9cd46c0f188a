"""The funder's report: what the networks did in a period (a quarter, a year or the whole
cycle), in the figures the programme "Rozwój Lokalny" (EEA and Norway Grants) asks of ZMP.

Everything is read through the models' `visible_to` for the person asking (ZMP's
administrators see every network, the leaders' too) and aggregated in the database: the
report costs the same number of queries whatever the number of meetings, people and cities.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.choices import Function
from cities.choices import ProgrammeStatus
from empirie.i18n import Quarter
from meetings.models import Meeting, Registration, SurveyAnswer
from meetings.plan import quarter_bounds, quarters_from
from meetings.rules import SURVEY_SHOWN_FROM
from practices.choices import PracticeStatus
from practices.models import Practice, Transfer
from results.choices import Stage
from results.models import Result


class PeriodKind:
    QUARTER = "kwartal"
    YEAR = "rok"
    CYCLE = "cykl"
    CHOICES = [
        (QUARTER, _("a quarter")),
        (YEAR, _("a year")),
        (CYCLE, _("the whole cycle")),
    ]


# The networks' cycle as ZMP announced it: quarterly meetings from spring 2022 to early 2024.
CYCLE = (Quarter(2022, 2), Quarter(2024, 1))
FIRST_YEAR = 2022


@dataclass(frozen=True)
class Period:
    kind: str
    start: dt.datetime  # the first moment, Warsaw time
    end: dt.datetime  # the first moment after it
    label: str

    @classmethod
    def quarter(cls, quarter: Quarter) -> "Period":
        start, end = quarter_bounds(quarter)
        return cls(PeriodKind.QUARTER, start, end, str(quarter))

    @classmethod
    def year(cls, year: int) -> "Period":
        start, _ignored = quarter_bounds(Quarter(year, 1))
        _ignored, end = quarter_bounds(Quarter(year, 4))
        return cls(PeriodKind.YEAR, start, end, str(year))

    @classmethod
    def cycle(cls) -> "Period":
        start, _ignored = quarter_bounds(CYCLE[0])
        _ignored, end = quarter_bounds(CYCLE[1])
        label = _("the whole cycle (%(first)s – %(last)s)") % {
            "first": CYCLE[0],
            "last": CYCLE[1],
        }
        return cls(PeriodKind.CYCLE, start, end, str(label))

    @property
    def slug(self) -> str:
        """For file names: "2023-q2", "2023", "cykl"."""
        if self.kind == PeriodKind.QUARTER:
            quarter = Quarter.of(self.start)
            return f"{quarter.year}-q{quarter.number}"
        if self.kind == PeriodKind.YEAR:
            return str(self.start.year)
        return "cykl"


def years_offered(today: dt.date | None = None) -> list[int]:
    """The years one may ask for: from the cycle's first to this one (at least the cycle's)."""
    today = today or timezone.localdate()
    return list(range(FIRST_YEAR, max(today.year, CYCLE[1].year) + 1))


def quarters_offered(today: dt.date | None = None) -> list[Quarter]:
    years = years_offered(today)
    return quarters_from(Quarter(years[0], 1), 4 * len(years))


@dataclass
class Row:
    """One line of a table: its label and its figures."""

    label: str
    registrations: int = 0  # places taken and attended
    people: int = 0  # different people
    extra: str = ""  # a city's status, for the table by city


@dataclass
class SurveyFigures:
    meetings_shown: int = 0  # meetings with at least SURVEY_SHOWN_FROM answers
    meetings_hidden: int = 0  # meetings with answers, but fewer
    answers: int = 0  # of the meetings shown
    overall: float | None = None
    usefulness: float | None = None


@dataclass
class Report:
    period: Period
    meetings_held: int = 0
    meetings_by_network: list = field(default_factory=list)  # (network, meetings, people)
    registrations: int = 0
    people: int = 0
    by_city: list = field(default_factory=list)  # Row, by city
    by_status: list = field(default_factory=list)  # Row, by the city's status
    by_function: list = field(default_factory=list)  # Row, by the person's function
    cities_involved: int = 0
    practices_published: int = 0
    practices_transferred: int = 0  # different practices taken up in the period
    transfers: int = 0  # cities that took one up, each time
    results_published: int = 0
    surveys: SurveyFigures = field(default_factory=SurveyFigures)


NO_CITY = _("no city (ZMP's people)")


def held_meetings(user, period: Period):
    """Meetings that took place in the period: published, not cancelled, started by now."""
    now = timezone.now()
    return Meeting.objects.visible_to(user).filter(
        draft=False,
        cancelled_at__isnull=True,
        starts_at__gte=period.start,
        starts_at__lt=min(period.end, now),
    )


def funder_report(user, period: Period) -> Report:
    """The report's figures: eight queries, whatever the number of rows behind them."""
    report = Report(period=period)
    meetings = held_meetings(user, period)

    # 1. Meetings by network (the total is their sum).
    attended = Q(registrations__attended=True)
    for row in (
        meetings.values("network__number", "network__name")
        .annotate(
            meetings=Count("pk", distinct=True),
            people=Count("registrations__person", filter=attended, distinct=True),
        )
        .order_by("network__number")
    ):
        report.meetings_by_network.append((row["network__name"], row["meetings"], row["people"]))
        report.meetings_held += row["meetings"]

    # 2. Participants by city, with the city's status: each person has one city, so the
    # people of the cities add up to the people of a status and to everyone.
    present = Registration.objects.visible_to(user).filter(attended=True, meeting__in=meetings)
    status_labels = dict(ProgrammeStatus.choices)
    by_status = {status: Row(str(label)) for status, label in ProgrammeStatus.choices}
    no_city = None
    for row in (
        present.values(
            "person__profile__city__name",
            "person__profile__city__sort_key",
            "person__profile__city__programme_status",
        )
        .annotate(registrations=Count("pk"), people=Count("person", distinct=True))
        .order_by("person__profile__city__sort_key")
    ):
        name, status = (
            row["person__profile__city__name"],
            row["person__profile__city__programme_status"],
        )
        if name is None:
            no_city = Row(str(NO_CITY), row["registrations"], row["people"])
            continue
        report.by_city.append(
            Row(name, row["registrations"], row["people"], str(status_labels.get(status, "")))
        )
        by_status[status].registrations += row["registrations"]
        by_status[status].people += row["people"]
    report.cities_involved = len(report.by_city)
    report.by_status = list(by_status.values())
    if no_city is not None:
        report.by_status.append(no_city)
    report.registrations = sum(row.registrations for row in report.by_status)
    report.people = sum(row.people for row in report.by_status)

    # 3. Participants by function, as their profile names it.
    function_labels = dict(Function.choices)
    counted = {
        row["person__profile__function"]: row
        for row in present.values("person__profile__function").annotate(
            registrations=Count("pk"), people=Count("person", distinct=True)
        )
    }
    report.by_function = [
        Row(
            str(label),
            counted.get(value, {}).get("registrations", 0),
            counted.get(value, {}).get("people", 0),
        )
        for value, label in function_labels.items()
    ]
    if None in counted:  # an account without a profile
        report.by_function.append(
            Row(str(_("not given")), counted[None]["registrations"], counted[None]["people"])
        )

    # 4. Practices published, and those taken up by other cities, in the period.
    practices = Practice.objects.visible_to(user)
    report.practices_published = practices.filter(
        status=PracticeStatus.PUBLISHED,
        published_at__gte=period.start,
        published_at__lt=period.end,
    ).count()
    transfers = Transfer.objects.filter(
        practice__in=practices, recorded_at__gte=period.start, recorded_at__lt=period.end
    ).aggregate(transfers=Count("pk"), practices=Count("practice", distinct=True))
    report.transfers = transfers["transfers"]
    report.practices_transferred = transfers["practices"]

    # 5. Results published.
    report.results_published = (
        Result.objects.visible_to(user)
        .filter(stage=Stage.PUBLIC, published_at__gte=period.start, published_at__lt=period.end)
        .count()
    )

    # 6. The meetings' surveys: a meeting's answers count only from SURVEY_SHOWN_FROM on
    # (meetings.selectors.network_surveys), so that no one's answer can be worked out.
    answered = Q(survey_answers__in=SurveyAnswer.objects.visible_to(user))
    surveys = report.surveys
    overall = usefulness = 0
    for row in (
        meetings.annotate(
            answers=Count("survey_answers", filter=answered),
            overall_sum=Sum("survey_answers__overall", filter=answered),
            usefulness_sum=Sum("survey_answers__usefulness", filter=answered),
        )
        .filter(answers__gt=0)
        .values("answers", "overall_sum", "usefulness_sum")
    ):
        if row["answers"] < SURVEY_SHOWN_FROM:
            surveys.meetings_hidden += 1
            continue
        surveys.meetings_shown += 1
        surveys.answers += row["answers"]
        overall += row["overall_sum"]
        usefulness += row["usefulness_sum"]
    if surveys.answers:
        surveys.overall = overall / surveys.answers
        surveys.usefulness = usefulness / surveys.answers
    return report


def summary_rows(report: Report) -> list[tuple[str, str]]:
    """The report's headline figures as (label, value), for the page's list, the
    spreadsheet's first sheet and the PDF's first table."""
    surveys = report.surveys

    def mean(value):
        return "–" if value is None else f"{value:.2f}".replace(".", ",")

    return [
        (str(_("Period")), report.period.label),
        (str(_("Meetings held")), str(report.meetings_held)),
        (str(_("Participants (different people)")), str(report.people)),
        (str(_("Attendances (a person at a meeting)")), str(report.registrations)),
        (str(_("Cities involved")), str(report.cities_involved)),
        (str(_("Practices published")), str(report.practices_published)),
        (str(_("Practices taken up by other cities")), str(report.practices_transferred)),
        (str(_("Transfers recorded")), str(report.transfers)),
        (str(_("Results published")), str(report.results_published)),
        (str(_("Meetings with survey results")), str(surveys.meetings_shown)),
        (
            str(_("Meetings with fewer than %(number)s answers (not counted)"))
            % {"number": SURVEY_SHOWN_FROM},
            str(surveys.meetings_hidden),
        ),
        (str(_("Survey answers counted")), str(surveys.answers)),
        (str(_("Overall rating (mean, 1–5)")), mean(surveys.overall)),
        (str(_("Usefulness for the city (mean, 1–5)")), mean(surveys.usefulness)),
    ]
