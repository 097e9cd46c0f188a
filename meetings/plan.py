"""The quarterly plan: a network meets once a quarter through its cycle, the member cities
taking turns to host. A coordinator plans the quarters at once; each becomes a draft meeting,
seen by the coordinators only, that is published when its details are set."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from cities.models import City
from empirie.i18n import Quarter
from networks.choices import ParticipationStatus, Role
from networks.models import Network

from . import rules
from .models import Meeting
from .services import _locked, validate_meeting

LONGEST_PLAN = 12  # quarters: three years, more than a two-year cycle


def quarters_from(first: Quarter, count: int) -> list[Quarter]:
    index = first.year * 4 + first.number - 1
    return [Quarter(i // 4, i % 4 + 1) for i in range(index, index + count)]


def quarter_bounds(quarter: Quarter) -> tuple[dt.datetime, dt.datetime]:
    """The first moment of the quarter and of the next one, in Warsaw time."""
    tz = timezone.get_current_timezone()
    following = quarters_from(quarter, 2)[1]
    return (
        dt.datetime(quarter.year, 3 * quarter.number - 2, 1, tzinfo=tz),
        dt.datetime(following.year, 3 * following.number - 2, 1, tzinfo=tz),
    )


def easter_sunday(year: int) -> dt.date:
    """The Gregorian Easter (the anonymous algorithm of Meeus, Jones and Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * weekday) // 433
    month, day = divmod(h + weekday - 7 * m + 90, 25)
    return dt.date(year, month, (h + weekday - 7 * m + 33 * month + 19) % 32)


def public_holidays(year: int) -> set[dt.date]:
    """Poland's days off work (ustawa o dniach wolnych od pracy, with 24 December from 2025)."""
    fixed = [(1, 1), (1, 6), (5, 1), (5, 3), (8, 15), (11, 1), (11, 11), (12, 25), (12, 26)]
    if year >= 2025:
        fixed.append((12, 24))
    easter = easter_sunday(year)
    movable = [easter, easter + dt.timedelta(days=1), easter + dt.timedelta(days=49),
               easter + dt.timedelta(days=60)]  # fmt: skip  # Pentecost, Corpus Christi
    return {dt.date(year, month, day) for month, day in fixed} | set(movable)


def proposed_day(quarter: Quarter) -> dt.date:
    """The second Thursday of the quarter's middle month (a weekday clear of the quarter's
    turn), or the Thursday after where it is a public holiday (11 November); the
    coordinator changes it at will."""
    first = dt.date(quarter.year, 3 * quarter.number - 1, 1)
    day = first + dt.timedelta(days=(3 - first.weekday()) % 7 + 7)
    while day in public_holidays(quarter.year):
        day += dt.timedelta(days=7)
    return day


def host_rotation(network) -> list[City]:
    """The member cities in the order they would host: those that have not hosted the
    network's meetings yet first, then those that hosted fewest; in Polish order within."""
    hosted = Count(
        "hosted_meetings",
        filter=Q(hosted_meetings__network=network, hosted_meetings__cancelled_at__isnull=True),
        distinct=True,
    )
    members = City.objects.filter(
        participations__network=network,
        participations__status=ParticipationStatus.ACCEPTED,
        participations__role=Role.MEMBER,
    ).values("pk")
    return list(
        City.objects.filter(pk__in=members).annotate(hosted=hosted).order_by("hosted", "sort_key")
    )


@dataclass
class PlannedQuarter:
    """A row of the plan: a quarter, and either the meeting it already has or the proposal
    for a new one."""

    quarter: Quarter
    meeting: Meeting | None = None
    day: dt.date | None = None
    host_city: City | None = None

    @property
    def free(self):
        return self.meeting is None


def plan_rows(network, first: Quarter, count: int) -> list[PlannedQuarter]:
    """The quarters asked for, each with the network's meeting in it (the first, if more)
    or a proposed day and host; hosts rotate over the quarters still free. Three queries."""
    quarters = quarters_from(first, count)
    start = quarter_bounds(quarters[0])[0]
    end = quarter_bounds(quarters[-1])[1]
    existing = {}
    meetings = Meeting.objects.active().filter(  # visible: the caller coordinates the network
        network=network, starts_at__gte=start, starts_at__lt=end
    )
    for meeting in meetings.select_related("host_city").order_by("starts_at"):
        existing.setdefault(meeting.quarter, meeting)
    rotation = host_rotation(network)
    rows, turn = [], 0
    for quarter in quarters:
        if quarter in existing:
            rows.append(PlannedQuarter(quarter, meeting=existing[quarter]))
            continue
        host = rotation[turn % len(rotation)] if rotation else None
        turn += 1
        rows.append(PlannedQuarter(quarter, day=proposed_day(quarter), host_city=host))
    return rows


@transaction.atomic
def meeting_plan(*, network_id: int, by: User, quarters: list[dict]) -> list[Meeting]:
    """Creates a draft meeting for each planned quarter (a dict of the meeting's fields and
    its `quarter`). Under the network's lock, so two coordinators planning at once do not
    both fill a quarter; a quarter that has a meeting by then is refused, nothing is made."""
    network = Network.objects.select_for_update().get(pk=network_id)
    if not rules.can_schedule(by, network):
        raise PermissionDenied
    now = timezone.now()
    errors = []
    for row in quarters:
        start, end = quarter_bounds(row["quarter"])
        if not start <= row["starts_at"] < end:
            errors.append(
                _("%(quarter)s: the date is outside the quarter.") % {"quarter": row["quarter"]}
            )
        elif row["starts_at"] <= now:
            errors.append(
                _("%(quarter)s: the date has passed; plan the quarters still to come.")
                % {"quarter": row["quarter"]}
            )
        elif (
            Meeting.objects.active()  # visible: the network's own, under its lock
            .filter(network=network, starts_at__gte=start, starts_at__lt=end)
            .exists()
        ):
            errors.append(
                _("%(quarter)s: the network already has a meeting in this quarter.")
                % {"quarter": row["quarter"]}
            )
    if errors:
        raise ValidationError(errors)
    fields = ("topic", "starts_at", "ends_at", "format", "host_city")
    return [
        Meeting.objects.create(
            network=network,
            created_by=by,
            draft=True,
            **{name: row[name] for name in fields},
        )
        for row in quarters
    ]


@transaction.atomic
def meeting_publish(*, meeting_id: int, by: User) -> Meeting:
    """A planned meeting becomes announced: its members see it and may register. Its
    details must be complete, and it must still be to come."""
    meeting = _locked(meeting_id)
    if not rules.can_schedule(by, meeting.network):
        raise PermissionDenied
    if not meeting.draft:
        return meeting
    if meeting.is_cancelled:
        raise ValidationError(_("A cancelled meeting cannot be published."))
    if meeting.starts_at <= timezone.now():
        raise ValidationError(
            _("The meeting's date has passed: set a date to come before publishing it.")
        )
    validate_meeting({
        "starts_at": meeting.starts_at, "ends_at": meeting.ends_at, "format": meeting.format,
        "venue_address": meeting.venue_address, "online_url": meeting.online_url,
        "registration_deadline": meeting.registration_deadline,
    })  # fmt: skip
    meeting.draft = False
    meeting.created_at = timezone.now()  # announced now: "new since your last visit"
    meeting.save(update_fields=["draft", "created_at"])
    return meeting


NEXT, HELD, PLANNED, DRAFT, CANCELLED = "next", "held", "planned", "draft", "cancelled"


def timeline(meetings, now=None) -> list[Meeting]:
    """Meetings already read (in order of their start), each with `stage`: held, the next,
    planned (announced, later), draft (the coordinators' plan) or cancelled."""
    now = now or timezone.now()
    next_found = False
    for meeting in meetings:
        if meeting.is_cancelled:
            meeting.stage = CANCELLED
        elif meeting.draft:
            meeting.stage = DRAFT
        elif meeting.ends_at < now:
            meeting.stage = HELD
        elif not next_found:
            meeting.stage, next_found = NEXT, True
        else:
            meeting.stage = PLANNED
    return meetings
