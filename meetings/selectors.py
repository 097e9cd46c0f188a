import datetime
from dataclasses import dataclass

from django.db import connection
from django.db.models import Avg, Count, Exists, F, IntegerField, Min, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from empirie.collation import sort_key
from empirie.folding import folded
from empirie.i18n import Quarter
from networks.access import access_of
from search.query import Matches

from .choices import SURVEY_RATINGS, USEFULNESS_RATINGS
from .models import Meeting, MeetingReport, Registration, SurveyAnswer, WaitingListEntry
from .plan import quarter_bounds
from .rules import SURVEY_SHOWN_FROM


def meetings_for(user):
    """Meetings the person may see, with what list pages show, in a fixed number of queries."""
    mine = Registration.objects.filter(meeting=OuterRef("pk"), person=user.pk)  # visible: own
    waiting = WaitingListEntry.objects.filter(meeting=OuterRef("pk"), person=user.pk)  # own
    return (
        Meeting.objects.visible_to(user)
        .select_related("network", "host_city", "edition")  # the edition: is it archived?
        .annotate(
            is_registered=Exists(mine),
            is_waiting=Exists(waiting),
            offered_until=Subquery(waiting.values("offer_expires_at")[:1]),
        )
    )


def with_places_taken(meetings):
    """The meetings with their number of registrations (`registered_count`) and of places
    taken (`places_taken`: those and the places held for an offer from the waiting list),
    for their pages and whether one may still register: counted for the rows read only
    (subqueries), where a join would group every registration of every meeting first."""

    def counted(rows):
        # visible: counted under meetings read through visible_to
        return Coalesce(
            Subquery(
                rows.filter(meeting=OuterRef("pk")).order_by().values("meeting")
                .annotate(count=Count("*")).values("count"),
                output_field=IntegerField(),
            ),
            0,
        )  # fmt: skip

    offered = WaitingListEntry.objects.filter(offer_expires_at__gt=timezone.now())  # visible: ↑
    return meetings.annotate(
        registered_count=counted(Registration.objects.all()),  # visible: counted, as above
        offered_count=counted(offered),
    ).annotate(places_taken=F("registered_count") + F("offered_count"))


def waiting_entry_of(user, meeting):
    """The person's entry on the meeting's waiting list, with `place`: how many wait before
    them, plus one."""
    ahead = (
        WaitingListEntry.objects.filter(  # visible: of a meeting read through visible_to
            meeting=meeting, position__lt=OuterRef("position")
        )
        .order_by()
        .values("meeting")
        .annotate(count=Count("*"))
        .values("count")
    )
    return (
        WaitingListEntry.objects.filter(meeting=meeting, person=user.pk)  # visible: own
        .annotate(place=Coalesce(Subquery(ahead, output_field=IntegerField()), 0) + 1)
        .first()
    )


def waiting_list_of(meeting):
    """The meeting's waiting list in its order, for its coordinators: one query."""
    return list(
        WaitingListEntry.objects.filter(meeting=meeting)  # visible: the caller coordinates it
        .select_related("person__profile__city")
        .order_by("position", "pk")
    )


def coming_meetings_for(user):
    return meetings_for(user).filter(ends_at__gte=timezone.now()).order_by("starts_at")


def next_change_among(meetings):
    """next_change of meetings already read (a list): the same moment, without a query."""
    now = timezone.now()
    moments = [
        moment
        for meeting in meetings
        for moment in (meeting.starts_at, meeting.ends_at, meeting.registration_deadline)
        if moment and moment > now
    ]
    return min(moments, default=None)


def next_change(meetings):
    """When a list of these meetings changes by itself: the first start, end or registration
    deadline still to come (a meeting leaves "coming", enters the archive, closes)."""
    now = timezone.now()
    moments = meetings.aggregate(
        start=Min("starts_at", filter=Q(starts_at__gt=now)),
        end=Min("ends_at", filter=Q(ends_at__gt=now)),
        deadline=Min("registration_deadline", filter=Q(registration_deadline__gt=now)),
    )
    return min((moment for moment in moments.values() if moment), default=None)


def meetings_to_close(user, after=datetime.timedelta(days=7)):
    """Meetings of the networks the person coordinates that ended over a week ago without a
    published report or with attendance still to record, the oldest first."""
    unrecorded = Registration.objects.filter(  # visible: of meetings filtered below
        meeting=OuterRef("pk"), attended__isnull=True
    )
    # visible: of the coordinator's own networks' meetings, filtered below
    written = MeetingReport.objects.filter(meeting=OuterRef("pk"))
    return (
        Meeting.objects.visible_to(user)
        .filter(
            network_id__in=access_of(user).coordinated,
            cancelled_at__isnull=True,
            draft=False,
            ends_at__lt=timezone.now() - after,
        )
        .annotate(
            reported=Exists(written.filter(published_at__isnull=False)),
            drafted=Exists(written),  # not yet published: the desk says so rather than "none"
            attendance_missing=Exists(unrecorded),
        )
        .filter(Q(reported=False) | Q(attendance_missing=True))
        .select_related("network")
        .order_by("ends_at", "pk")
    )


def search(user, asked):
    """The meetings whose topic, description or agenda has the words asked, among those the
    person may see, and those whose report they may read has them (a public report of a
    meeting they do not see: `readable` is false, the hit leads to the report), best first."""
    visible = Meeting.objects.visible_to(user)
    reports = MeetingReport.objects.visible_to(user)

    def by_report(query):
        matching = reports.filter(Matches(F("search_vector"), query))
        return Q(pk__in=matching.values("meeting_id"))

    meetings = (
        # visible: the meetings read through visible_to, and those of the reports read so
        Meeting.objects.filter(
            Q(pk__in=visible.values("pk")) | Q(pk__in=reports.values("meeting_id"))
        )
        .annotate(readable=Exists(visible.filter(pk=OuterRef("pk"))))
        .select_related("network", "host_city")
    )
    own = Q(pk__in=visible.values("pk"))
    return asked.filter(meetings, also=by_report, own=own).order_by("-rank", "-starts_at", "-pk")


PRESENT, ABSENT, UNRECORDED, NONE = "present", "absent", "unrecorded", "none"
NOT_YET = "not_yet"  # the city joined the network after the quarter


@dataclass(slots=True)
class MemberCity:
    """A member city as the attendance tables show it."""

    pk: int
    name: str
    # When its first member was accepted, in seconds since 1970 (hundreds of cities' times
    # read as numbers cost a tenth of dates); None: a member from the start.
    joined: int | None
    at_risk: bool  # took part in neither of the last two recorded quarters, a member in both

    def __str__(self):
        return self.name

    @property
    def joined_at(self) -> datetime.datetime | None:
        return (
            None
            if self.joined is None
            else datetime.datetime.fromtimestamp(self.joined, datetime.UTC)
        )


@dataclass
class CityAttendance:
    """One member city of a network: what it did in each quarter the network met."""

    city: MemberCity
    cells: list[str]  # PRESENT, ABSENT, UNRECORDED, NONE or NOT_YET, a quarter each

    @property
    def at_risk(self) -> bool:
        return self.city.at_risk

    @property
    def share(self) -> int | None:
        """The share of the quarters it took part in, of those it was a member in, in per
        cent; a quarter whose attendance was not recorded counts neither way (None: no
        quarter counts)."""
        member = len(self.cells) - self.cells.count(NOT_YET) - self.cells.count(UNRECORDED)
        return round(100 * self.cells.count(PRESENT) / member) if member else None


@dataclass
class RecordedQuarters:
    """The quarters a network met in with attendance recorded (a meeting nobody recorded says
    nothing of who came), oldest first, and the meetings held in each."""

    quarters: list[Quarter]
    meetings: dict[Quarter, list[int]]

    def meeting_ids(self, quarters) -> list[int]:
        return [pk for quarter in quarters for pk in self.meetings[quarter]]


def recorded_quarters(network) -> RecordedQuarters:
    held = (
        Meeting.objects.filter(  # visible: the caller coordinates the network
            network=network, cancelled_at__isnull=True, draft=False, starts_at__lte=timezone.now()
        )
        .annotate(recorded=Exists(
            Registration.objects.filter(  # visible: of the meetings above
                meeting=OuterRef("pk"), attended__isnull=False
            )
        ))
        .values_list("pk", "starts_at", "recorded")
    )  # fmt: skip
    meetings, recorded = {}, set()
    for pk, starts_at, was_recorded in held:
        quarter = Quarter.of(starts_at)
        meetings.setdefault(quarter, []).append(pk)
        if was_recorded:
            recorded.add(quarter)
    return RecordedQuarters(sorted(recorded), {q: meetings[q] for q in recorded})


MEMBER_CITIES_SQL = """
    WITH RECURSIVE seats AS (  -- the member cities' seats (as the network's page lists them)
        SELECT city_id, decided_at, taken_over_from_id FROM networks_participation
        WHERE network_id = %(network)s AND role = 'member' AND status = 'accepted'
          AND city_id IS NOT NULL
        UNION ALL  -- and the seats they were handed over from: the city's history goes on
        SELECT seats.city_id, earlier.decided_at, earlier.taken_over_from_id
        FROM seats CROSS JOIN LATERAL (  -- by its key: OFFSET 0 keeps PostgreSQL from
            SELECT decided_at, taken_over_from_id  -- hashing every participation instead
            FROM networks_participation WHERE id = seats.taken_over_from_id OFFSET 0
        ) AS earlier
        WHERE seats.taken_over_from_id IS NOT NULL
    ), members AS (  -- each member city, and since when
        SELECT city_id, MIN(decided_at) AS joined FROM seats GROUP BY city_id
    ), took_part AS (  -- present, or attendance not recorded, in either of the two quarters
        SELECT DISTINCT profile.city_id FROM meetings_registration AS registration
        JOIN accounts_profile AS profile ON profile.user_id = registration.person_id
        WHERE registration.meeting_id = ANY(%(meetings)s)
          AND registration.attended IS NOT FALSE AND profile.city_id IS NOT NULL
    )
    SELECT city.id, city.name, FLOOR(EXTRACT(EPOCH FROM members.joined))::bigint,
           (members.joined IS NULL OR members.joined < %(member_since)s)
           AND members.city_id NOT IN (SELECT city_id FROM took_part)
    FROM members JOIN cities_city AS city ON city.id = members.city_id
    ORDER BY city.sort_key, city.id
"""


def member_cities(network, quarters: RecordedQuarters) -> list[MemberCity]:
    """The network's member cities in the order of their names, each with when it joined (its
    first member's acceptance, through the seats handed over to today's) and whether it is at
    risk: nobody of theirs took part in the last two recorded quarters
    (nobody registered, or all registered were absent) and it was a member in both.

    One statement, for a page of the table, its number of pages and the cities at risk of
    every page: a network has hundreds of cities, and through the ORM this took three
    queries (a count, a page, the cities at risk), each costing more than the rows."""
    judged = len(quarters.quarters) >= 2
    with connection.cursor() as cursor:
        cursor.execute(MEMBER_CITIES_SQL, {  # visible: of the network's meetings, only counted
            "network": network.pk,
            "meetings": quarters.meeting_ids(quarters.quarters[-2:]) if judged else [],
            "member_since": quarter_bounds(quarters.quarters[-2])[1] if judged else None,
        })  # fmt: skip
        return [
            MemberCity(pk, name, joined, judged and bool(at_risk))
            for pk, name, joined, at_risk in cursor.fetchall()
        ]


ATTENDANCE_SQL = """
    SELECT registration.meeting_id, profile.city_id, registration.attended
    FROM meetings_registration AS registration
    JOIN accounts_profile AS profile ON profile.user_id = registration.person_id
    WHERE registration.meeting_id = ANY(%(meetings)s) AND profile.city_id = ANY(%(cities)s)
"""


def attendance_rows(cities, quarters: RecordedQuarters) -> list[CityAttendance]:
    """`cities`' attendance by the recorded quarters: present (someone of the city attended),
    registered but absent, registered with attendance not recorded, or none. One statement,
    however many quarters and registrations (through the ORM, it took longer to build than
    to run)."""
    quarter_of = {pk: q for q in quarters.quarters for pk in quarters.meetings[q]}
    with connection.cursor() as cursor:
        cursor.execute(ATTENDANCE_SQL, {  # visible: of the network's meetings, by a coordinator
            "meetings": list(quarter_of), "cities": [city.pk for city in cities],
        })  # fmt: skip
        registrations = cursor.fetchall()
    rank = {NONE: 0, UNRECORDED: 1, ABSENT: 2, PRESENT: 3}  # a city's best in the quarter
    state = {}  # city -> quarter -> its best
    for meeting_id, city_id, attended in registrations:
        seen = PRESENT if attended else ABSENT if attended is False else UNRECORDED
        quarter = quarter_of[meeting_id]
        of_city = state.setdefault(city_id, {})
        if rank[seen] > rank[of_city.get(quarter, NONE)]:
            of_city[quarter] = seen
    rows, shown, quarter_of_joining = [], len(quarters.quarters), {}
    for city in cities:  # most of a big network's cities had nobody at any meeting
        of_city = state.get(city.pk)
        cells = [of_city.get(q, NONE) for q in quarters.quarters] if of_city else [NONE] * shown
        joined = city.joined
        if joined is not None:  # the quarters before it joined are not held against it
            if joined not in quarter_of_joining:
                quarter_of_joining[joined] = Quarter.of(city.joined_at)
            first = quarter_of_joining[joined]
            cells = [NOT_YET if q < first else cell for q, cell in zip(quarters.quarters, cells, strict=True)]  # fmt: skip
        rows.append(CityAttendance(city, cells))
    return rows


def attendance_by_city(network) -> tuple[list[Quarter], list[CityAttendance]]:
    """Every member city of the network by every recorded quarter (for the downloads)."""
    quarters = recorded_quarters(network)
    return quarters.quarters, attendance_rows(member_cities(network, quarters), quarters)


def attendance_search(registrations, text: str) -> list:
    """The registrations whose person's name or city holds every word of `text`, compared
    without case or Polish letters (in Python: the list is one meeting's, loaded whole)."""
    words = folded(text).split()
    if not words:
        return list(registrations)

    def haystack(registration):
        profile = getattr(registration.person, "profile", None)
        city = profile.city.name if profile and profile.city else ""
        return folded(f"{registration.person.get_full_name()} {city}")

    return [r for r in registrations if all(word in haystack(r) for word in words)]


@dataclass
class ImportRow:
    index: int  # the person's place in the report: the name of its choice on the form
    person: object  # online_reports.Person
    registration: Registration | None = None
    suggested: Registration | None = None


@dataclass
class ImportPreview:
    to_mark: list  # matched by e-mail, to be marked present
    present: list  # matched by e-mail, present already
    unmatched: list  # for the coordinator to decide
    choices: list  # the registrations no row is matched to


def import_preview(meeting, people) -> ImportPreview:
    """An online meeting's report against the meeting's registrations: matched by e-mail
    (without case or spaces), the other rows with the registered people left to choose from,
    one suggested where a single one's name is in the row's."""
    registrations = list(
        meeting.registrations.select_related(  # visible: of a meeting read through visible_to
            "person__profile__city"
        ).order_by("person__sort_key", "pk")
    )
    by_email = {r.person.email.strip().lower(): r for r in registrations}
    preview, matched = ImportPreview([], [], [], []), set()
    for index, person in enumerate(people):
        registration = by_email.get(person.email) if person.email else None
        if registration is None or registration.pk in matched:
            preview.unmatched.append(ImportRow(index, person))
            continue
        matched.add(registration.pk)
        row = ImportRow(index, person, registration)
        (preview.present if registration.attended else preview.to_mark).append(row)
    # Those present already (at the door, from another report) need no row of this one.
    preview.choices = [r for r in registrations if r.pk not in matched and not r.attended]
    for row in preview.unmatched:
        name = folded(row.person.name)
        alike = [
            r for r in preview.choices
            if (full := folded(r.person.get_full_name())) and full in name
        ]  # fmt: skip
        row.suggested = alike[0] if len(alike) == 1 else None
    return preview


def attendance_list_of(meeting):
    """The meeting's registrations with what the attendance list prints (one query), for its
    coordinators."""
    return list(
        Registration.objects.filter(meeting=meeting)  # visible: the caller coordinates it
        .select_related("person__profile__city")
        .order_by("person__sort_key", "pk")
    )


def certifiable_registrations_of(user):
    """The person's own places at meetings they see that took place and where they were
    marked present, the latest first, each with its certificate if one was issued."""
    return (
        Registration.objects.visible_to(user)
        .filter(
            person=user.pk,
            attended=True,
            meeting__cancelled_at__isnull=True,
            meeting__draft=False,
            meeting__starts_at__lte=timezone.now(),
        )  # fmt: skip
        .select_related("meeting__network", "certificate")
        .order_by("-meeting__starts_at", "-pk")
    )


def certificates_out_of_reach(user) -> int:
    """How many meetings the person was marked present at in networks they no longer see
    (they left, or lost their verification): their own record, counted so the profile can
    say why those certificates are not listed."""
    own = Registration.objects.filter(  # visible: the person's own, only counted
        person=user.pk, attended=True, meeting__cancelled_at__isnull=True,
        meeting__draft=False, meeting__starts_at__lte=timezone.now(),
    )  # fmt: skip
    return own.exclude(pk__in=Registration.objects.visible_to(user).values("pk")).count()


@dataclass
class RatingShare:
    value: int
    label: str
    count: int
    percent: int  # of the answers, rounded

    @property
    def step(self) -> int:
        """The bar's length, in steps of 5%."""
        return 5 * round(self.percent / 5)


@dataclass
class SurveyComment:
    text: str
    person: str = ""  # only when the survey is not anonymous


@dataclass
class SurveySummary:
    """What a meeting's survey says as a whole: hidden (`shown` false) below
    SURVEY_SHOWN_FROM answers, so that nobody's answer can be told from the rest."""

    answers: int
    shown: bool = False
    overall: float | None = None
    usefulness: float | None = None
    distribution: dict = None  # question -> [RatingShare for 1..5]
    to_change: list = None
    topic_wishes: list = None


def survey_summary(user, meeting) -> SurveySummary:
    """The meeting's survey for its network's coordinators and administrators: the number of
    answers; from five answers on, the means, each rating's share and the comments, sorted by
    their text (never in the order given, which would tell who wrote what), with names only
    when the survey is not anonymous. Four queries, however many answers."""
    answers = SurveyAnswer.objects.visible_to(user).filter(meeting=meeting)
    counts = {
        f"{question}_{value}": Count("pk", filter=Q(**{question: value}))  # "overall_4"
        for question in ("overall", "usefulness")
        for value, _label in SURVEY_RATINGS
    }
    totals = answers.aggregate(
        answers=Count("pk"), mean_overall=Avg("overall"), mean_usefulness=Avg("usefulness"),
        **counts,
    )  # fmt: skip
    number = totals["answers"]
    if number < SURVEY_SHOWN_FROM:
        return SurveySummary(answers=number)
    distribution = {
        question: [
            RatingShare(value, label, totals[f"{question}_{value}"],
                        round(100 * totals[f"{question}_{value}"] / number))
            for value, label in scale
        ]
        for question, scale in (("overall", SURVEY_RATINGS), ("usefulness", USEFULNESS_RATINGS))
    }  # fmt: skip

    def comments(field):
        # In Polish alphabetical order (case aside), which says nothing of who came first.
        rows = answers.exclude(**{field: ""}).order_by("pk")
        if meeting.survey_anonymous:
            said = [SurveyComment(text) for text in rows.values_list(field, flat=True)]
        else:
            said = [
                SurveyComment(getattr(row, field), row.person.public_name if row.person else "")
                for row in rows.select_related("person")
            ]
        return sorted(said, key=lambda comment: sort_key(comment.text))

    return SurveySummary(
        answers=number, shown=True, overall=totals["mean_overall"],
        usefulness=totals["mean_usefulness"],
        distribution=distribution, to_change=comments("to_change"),
        topic_wishes=comments("topic_wishes"),
    )  # fmt: skip


@dataclass
class NetworkSurveys:
    meetings: list  # held meetings, the latest first, each with `answers`, `shown` and means
    answers: int  # of the meetings shown
    overall: float | None
    usefulness: float | None


def network_surveys(user, network) -> NetworkSurveys:
    """The surveys of the network's held meetings, one row each, the latest first: a row's
    means are shown from five answers on, and the network's means are over those rows only
    (a mean over the hidden ones too would let their answers be worked out). One query."""
    answered = Q(survey_answers__in=SurveyAnswer.objects.visible_to(user))
    meetings = list(
        Meeting.objects.visible_to(user)
        .filter(network=network, cancelled_at__isnull=True, draft=False,
                ends_at__lte=timezone.now())
        .annotate(
            answers=Count("survey_answers", filter=answered),
            overall_sum=Sum("survey_answers__overall", filter=answered),
            usefulness_sum=Sum("survey_answers__usefulness", filter=answered),
        )
        .order_by("-starts_at", "-pk")
    )  # fmt: skip
    shown_answers = overall = usefulness = 0
    for meeting in meetings:
        meeting.shown = meeting.answers >= SURVEY_SHOWN_FROM
        meeting.overall = meeting.usefulness = None
        if meeting.shown:
            meeting.overall = meeting.overall_sum / meeting.answers
            meeting.usefulness = meeting.usefulness_sum / meeting.answers
            shown_answers += meeting.answers
            overall += meeting.overall_sum
            usefulness += meeting.usefulness_sum
    return NetworkSurveys(
        meetings=meetings, answers=shown_answers,
        overall=overall / shown_answers if shown_answers else None,
        usefulness=usefulness / shown_answers if shown_answers else None,
    )  # fmt: skip
