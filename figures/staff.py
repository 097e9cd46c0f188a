"""The networks' figures for those who run them: ZMP's administrators (every network) and each
coordinator (the networks they coordinate). The leaders' network's inside figures only for
those who see its inside (networks.access: a coordinator of it does; nobody else but
administrators), so `scope` is the networks one coordinates *and* sees inside, and every
chart reads only those networks' rows, through each model's `visible_to` where it has one.

Each chart is one or two aggregate queries, however many rows; an evaluation survey's means
count only meetings with at least SURVEY_SHOWN_FROM answers (meetings.selectors), so no
answer can be told from the rest or worked out by subtraction.
"""

import datetime as dt

from django.db.models import Count, Exists, F, FloatField, OuterRef, Q, Subquery, Sum
from django.db.models.aggregates import Aggregate
from django.db.models.functions import Coalesce, Extract, TruncQuarter
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from discussions.models import Post, Thread
from empirie.cache import once_per_request
from empirie.i18n import Quarter
from meetings.models import Meeting, Registration, SurveyAnswer
from meetings.rules import SURVEY_SHOWN_FROM
from networks.access import access_of
from networks.choices import ParticipationAction, ParticipationStatus, Role
from networks.models import Participation, ParticipationEvent
from networks.selectors import networks_by_id
from practices.models import Practice
from results.models import Comment, Result

from .charts import BAR, LINE, STACKED, TABLE, Chart, Section, Series
from .periods import by_quarter, counted_by_choice, quarter_labels

DAY = 86_400  # seconds
MOST_MEETINGS = 12  # the attendance of the latest so many meetings, one column each
MOST_RESULTS = 15
MOST_NETWORK_LINES = 5  # more networks are one line, "all your networks"
QUIET_CITIES_SHOWN = 200


@once_per_request  # asked by every chart: once a page
def scope(user) -> frozenset:
    """The networks whose inside figures the person may read."""
    access = access_of(user)
    if access.administrator:
        return access.coordinated
    return access.coordinated & access.inside


def networks_of(user, network) -> list:
    ids = scope(user)
    if network is not None:
        return [network.pk] if network.pk in ids else []
    return sorted(ids)


class Median(Aggregate):
    """PostgreSQL's median (the 50th percentile, interpolated)."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def days_between(start: str, end: str):
    return Extract(F(end) - F(start), "epoch")


def _days(seconds):
    return None if seconds is None else round(seconds / DAY, 1)


def applications_chart(*, user, network, period, voivodeship) -> Chart:
    events = ParticipationEvent.objects.filter(
        participation__in=Participation.objects.visible_to(user).filter(
            network_id__in=networks_of(user, network)
        )
    )
    if voivodeship:
        events = events.filter(participation__city__voivodeship=voivodeship)
    actions = [
        (ParticipationAction.APPLIED, _("Received")),
        (ParticipationAction.ACCEPTED, _("Accepted")),
        (ParticipationAction.REFUSED, _("Refused")),
    ]
    quarters, series = counted_by_choice(events, "at", period, "action", actions)
    return Chart(
        slug="zgloszenia", kind=LINE, title=_("Applications and decisions, by quarter"),
        x_label=_("Quarter"), y_label=_("Applications"), categories=quarter_labels(quarters),
        series=series,
        description=_("Three lines over the quarters: applications received, accepted and "
                      "refused, as recorded in each application's history."),
    )  # fmt: skip


def decision_time_chart(*, user, network, period, voivodeship) -> Chart:
    decided = Participation.objects.visible_to(user).filter(
        network_id__in=networks_of(user, network),
        role__in=[Role.MEMBER, Role.OBSERVER],
        decided_at__isnull=False,
    )
    if voivodeship:
        decided = decided.filter(city__voivodeship=voivodeship)
    rows = by_quarter(
        decided, "decided_at", period,
        median=Median(days_between("applied_at", "decided_at")),
    )  # fmt: skip
    quarters = period.axis(rows)
    overall = decided.filter(period.q("decided_at")).aggregate(
        median=Median(days_between("applied_at", "decided_at"))
    )["median"]
    return Chart(
        slug="czas-decyzji", kind=LINE, title=_("Median time to a decision, by quarter"),
        x_label=_("Quarter"), y_label=_("Days"), categories=quarter_labels(quarters),
        series=[
            Series(_("Median (days)"),
                   [_days(rows[q]["median"]) if q in rows else None for q in quarters]),
        ],
        description=_("The median number of days from an application to its decision, for "
                      "the applications decided in each quarter; none where none was decided."),
        note=_("Over the whole period: %(days)s days (median).") % {
            "days": "–" if overall is None else number_format(_days(overall), decimal_pos=1)},
    )  # fmt: skip


def membership_chart(*, user, network, period, voivodeship) -> Chart:
    """Members at each quarter's end: those accepted by then less those who left by then."""
    ids = networks_of(user, network)
    members = Participation.objects.visible_to(user).filter(
        network_id__in=ids, role=Role.MEMBER, decided_at__isnull=False,
        status__in=[ParticipationStatus.ACCEPTED, ParticipationStatus.LEFT],
    )  # fmt: skip
    if voivodeship:
        members = members.filter(city__voivodeship=voivodeship)
    # All time (the count builds from the first member on); joined and left in one query:
    # {(quarter, network): n}, a row a (quarter accepted, quarter left or none, network).
    joined, left = {}, {}
    for decided, gone, network_id, n in (
        members.order_by()
        .values_list(TruncQuarter("decided_at"), TruncQuarter("left_at"), "network_id")
        .annotate(n=Count("pk"))
    ):
        key_joined = (Quarter.of(decided), network_id)
        joined[key_joined] = joined.get(key_joined, 0) + n
        if gone is not None:
            key_left = (Quarter.of(gone), network_id)
            left[key_left] = left.get(key_left, 0) + n
    quarters = period.axis({q for q, _n in [*joined, *left]})
    separate = len(ids) <= MOST_NETWORK_LINES
    names = networks_by_id()
    lines = ids if separate else ["all"]

    def key(network_id):
        return network_id if separate else "all"

    changes = {}
    for (quarter, network_id), n in joined.items():
        changes.setdefault(key(network_id), {}).setdefault(quarter, 0)
        changes[key(network_id)][quarter] += n
    for (quarter, network_id), n in left.items():
        changes.setdefault(key(network_id), {}).setdefault(quarter, 0)
        changes[key(network_id)][quarter] -= n
    series = []
    for line in lines:
        steps = changes.get(line, {})
        values = []
        for quarter in quarters:
            values.append(sum(n for q, n in steps.items() if q <= quarter))
        name = names[line].name if separate and line in names else _("All your networks")
        series.append(Series(name, values))
    return Chart(
        slug="czlonkostwo", kind=LINE, title=_("Members at the end of each quarter"),
        x_label=_("Quarter"), y_label=_("Members"), categories=quarter_labels(quarters),
        series=series,
        description=_("A line for each network: its members at the end of each quarter "
                      "(accepted by then, and not left)."),
        note="" if separate else _("More than five networks: one line for all of them. Choose "
                                   "a network to see it alone."),
    )  # fmt: skip


def held_meetings(user, network):
    return Meeting.objects.visible_to(user).filter(
        network_id__in=networks_of(user, network), cancelled_at__isnull=True, draft=False,
        starts_at__lte=timezone.now(),
    )  # fmt: skip


ATTENDANCE = ("present", "absent", "unrecorded")


def attended_q(name: str, prefix: str = "") -> Q:
    if name == "unrecorded":
        return Q(**{f"{prefix}attended__isnull": True})
    return Q(**{f"{prefix}attended": name == "present"})


def attendance_words():
    return {
        "present": pgettext("attendance", "Present"),
        "absent": _("Registered, absent"),
        "unrecorded": _("Attendance not recorded"),
    }


def _registrations(user, network, voivodeship):
    # Visible: a registration is seen with its meeting (Registration.visible_to), and these
    # meetings are the person's visible ones; asking twice cost a second semi-join.
    registrations = Registration.objects.filter(  # visible: of the person's visible meetings
        meeting__in=held_meetings(user, network)
    )
    if voivodeship:
        registrations = registrations.filter(person__profile__city__voivodeship=voivodeship)
    return registrations


def attendance_by_quarter_chart(*, user, network, period, voivodeship) -> Chart:
    counts = by_quarter(
        _registrations(user, network, voivodeship), "meeting__starts_at", period,
        **{name: Count("pk", filter=attended_q(name)) for name in ATTENDANCE},
    )  # fmt: skip
    quarters = period.axis(counts)
    return Chart(
        slug="frekwencja-kwartaly", kind=STACKED, title=_("Attendance at meetings, by quarter"),
        x_label=_("Quarter"), y_label=_("Registered people"),
        categories=quarter_labels(quarters),
        series=[Series(word, [counts.get(q, {}).get(name, 0) for q in quarters])
                for name, word in attendance_words().items()],
        description=_("A column for each quarter: the people registered for its meetings, "
                      "divided into present, absent and not recorded."),
    )  # fmt: skip


def attendance_by_meeting_chart(*, user, network, period, voivodeship) -> Chart:
    """The registrations counted on the meetings' own join: a registration is visible with
    its meeting (Registration.visible_to), and a subquery of them was hashed three times."""
    registrations = Q()
    if voivodeship:
        registrations = Q(registrations__person__profile__city__voivodeship=voivodeship)
    meetings = list(
        held_meetings(user, network).filter(period.q("starts_at"))
        .annotate(**{name: Count("registrations",
                                 filter=registrations & attended_q(name, "registrations__"))
                     for name in ATTENDANCE})
        .order_by("-starts_at", "-pk")
        .values("starts_at", "network__name", *ATTENDANCE)[:MOST_MEETINGS]
    )[::-1]  # fmt: skip
    return Chart(
        slug="frekwencja-spotkania", kind=STACKED,
        title=_("Attendance at each meeting (the latest %(count)s)") % {"count": MOST_MEETINGS},
        x_label=_("Meeting"), y_label=_("Registered people"),
        categories=[f"{date_format(timezone.localtime(m['starts_at']), 'SHORT_DATE_FORMAT')}, "
                    f"{m['network__name']}" for m in meetings],
        axis_labels=[date_format(timezone.localtime(m["starts_at"]), "SHORT_DATE_FORMAT")
                     for m in meetings],
        series=[Series(word, [m[name] for m in meetings])
                for name, word in attendance_words().items()],
        description=_("A column for each meeting held, by date: its registered people, divided "
                      "into present, absent and not recorded."),
    )  # fmt: skip


def survey_chart(*, user, network, period, voivodeship) -> Chart:
    """Means by quarter over the meetings with at least SURVEY_SHOWN_FROM answers only; a
    quarter without such a meeting shows none. One query (a row per meeting)."""
    answered = Q(survey_answers__in=SurveyAnswer.objects.visible_to(user))
    meetings = (
        held_meetings(user, network).filter(period.q("starts_at"))
        .annotate(answers=Count("survey_answers", filter=answered),
                  overall=Sum("survey_answers__overall", filter=answered),
                  usefulness=Sum("survey_answers__usefulness", filter=answered))
        .filter(answers__gt=0)
        .values_list("starts_at", "answers", "overall", "usefulness")
    )  # fmt: skip
    sums, hidden = {}, 0
    for starts_at, answers, overall, usefulness in meetings:
        if answers < SURVEY_SHOWN_FROM:
            hidden += 1
            continue
        of_quarter = sums.setdefault(Quarter.of(starts_at), [0, 0, 0])
        of_quarter[0] += answers
        of_quarter[1] += overall
        of_quarter[2] += usefulness
    quarters = period.axis(sums)

    def mean(quarter, index):
        if quarter not in sums:
            return None
        return sums[quarter][index] / sums[quarter][0]

    note = _("Means of the meetings with at least %(least)s answers only; %(hidden)s with fewer "
             "are left out, so that no answer can be told from the rest.") % {
        "least": SURVEY_SHOWN_FROM, "hidden": hidden}  # fmt: skip
    return Chart(
        slug="ankiety", kind=LINE, title=_("Evaluation of meetings, by quarter (1–5)"),
        x_label=_("Quarter"), y_label=_("Mean rating (1–5)"),
        categories=quarter_labels(quarters),
        series=[Series(_("Overall rating"), [mean(q, 1) for q in quarters]),
                Series(_("Usefulness for the city"), [mean(q, 2) for q in quarters])],
        description=_("Two lines over the quarters: the mean overall rating of the meetings "
                      "and the mean usefulness for the participants' cities, from 1 to 5."),
        note=note, missing=_("not shown"),
    )  # fmt: skip


def opinions_chart(*, user, network, period, voivodeship) -> Chart:
    """One query: each result's observers' comments counted by a subquery of its own comments
    (a count per result, read by the comments' result index), not a filter per joined comment
    row, which probed the whole set of comments again for each comment."""
    observers = Participation.objects.filter(  # visible: of results the person sees below
        network=OuterRef(OuterRef("network")), person=OuterRef("author"), role=Role.OBSERVER
    )
    opinions = (
        Comment.objects.visible_to(user)
        .filter(deleted_at__isnull=True, result=OuterRef("pk"))
        .filter(Exists(observers))
        .order_by()
        .values("result")
        .annotate(n=Count("pk"))
        .values("n")
    )
    results = list(
        Result.objects.visible_to(user)
        .filter(network_id__in=networks_of(user, network), opened_to_observers_at__isnull=False)
        .filter(period.q("opened_to_observers_at"))
        .annotate(opinions=Coalesce(Subquery(opinions), 0))
        .order_by("-opinions", "-opened_to_observers_at", "-pk")
        .values_list("title", "opinions")[:MOST_RESULTS]
    )  # fmt: skip
    return Chart(
        slug="opinie", kind=BAR, title=_("Observers' opinions on each result"),
        x_label=_("Result"), y_label=_("Observers' comments"),
        categories=[title for title, _n in results],
        series=[Series(_("Observers' comments"), [n for _title, n in results])],
        description=_("A bar for each result opened to observers: how many comments and "
                      "replies its network's observers wrote."),
        note=_("The %(count)s results with the most opinions; the period is when they were "
               "opened to observers.") % {"count": MOST_RESULTS},
    )  # fmt: skip


def discussions_chart(*, user, network, period, voivodeship) -> Chart:
    ids = networks_of(user, network)
    threads = Thread.objects.visible_to(user).filter(network_id__in=ids)
    posts = Post.objects.visible_to(user).filter(thread__network_id__in=ids)
    if voivodeship:
        threads = threads.filter(author__profile__city__voivodeship=voivodeship)
        posts = posts.filter(author__profile__city__voivodeship=voivodeship)
    started = by_quarter(threads, "created_at", period, n=Count("pk"))
    written = by_quarter(posts, "created_at", period, n=Count("pk"))
    quarters = period.axis({*started, *written})
    return Chart(
        slug="dyskusje", kind=LINE, title=_("Discussion activity, by quarter"),
        x_label=_("Quarter"), y_label=_("Threads and posts"),
        categories=quarter_labels(quarters),
        series=[Series(_("Threads started"), [started.get(q, {}).get("n", 0) for q in quarters]),
                Series(_("Posts written"), [written.get(q, {}).get("n", 0) for q in quarters])],
        description=_("Two lines over the quarters: threads started and posts written in the "
                      "networks' discussions."),
    )  # fmt: skip


def _practices(user, network, voivodeship):
    practices = Practice.objects.visible_to(user)
    if network is not None or not access_of(user).administrator:
        linked = Practice.networks.through.objects.filter(
            network_id__in=networks_of(user, network)
        ).values("practice_id")
        practices = practices.filter(pk__in=linked)
    if voivodeship:
        practices = practices.filter(city__voivodeship=voivodeship)
    return practices


@once_per_request
def reviewed_practices(*, user, network, period, voivodeship) -> dict:
    """{Quarter: {n, median}} of the practices published after review: both practice charts
    draw from it, one query a page."""
    return by_quarter(
        _practices(user, network, voivodeship).filter(submitted_at__isnull=False),
        "published_at", period, n=Count("pk"),
        median=Median(days_between("submitted_at", "published_at")),
    )  # fmt: skip


def practices_chart(*, user, network, period, voivodeship) -> Chart:
    practices = _practices(user, network, voivodeship)
    submitted = by_quarter(practices, "submitted_at", period, n=Count("pk"))
    reviewed = reviewed_practices(
        user=user, network=network, period=period, voivodeship=voivodeship
    )
    quarters = period.axis({*submitted, *reviewed})
    return Chart(
        slug="praktyki", kind=LINE, title=_("Practices submitted and published, by quarter"),
        x_label=_("Quarter"), y_label=_("Practices"), categories=quarter_labels(quarters),
        series=[
            Series(_("Submitted for review"),
                   [submitted.get(q, {}).get("n", 0) for q in quarters]),
            Series(_("Published after review"),
                   [reviewed.get(q, {}).get("n", 0) for q in quarters]),
        ],
        description=_("Two lines over the quarters: practices submitted for review and "
                      "practices published after it."),
        note=_("Practices linked to your networks (for ZMP without a network chosen: all). "
               "A practice sent back for changes counts from its last submission."),
    )  # fmt: skip


def review_time_chart(*, user, network, period, voivodeship) -> Chart:
    reviewed = reviewed_practices(
        user=user, network=network, period=period, voivodeship=voivodeship
    )
    quarters = period.axis(reviewed)
    return Chart(
        slug="czas-przegladu", kind=LINE, title=_("Median time to review a practice, by quarter"),
        x_label=_("Quarter"), y_label=_("Days"), categories=quarter_labels(quarters),
        series=[Series(_("Median (days)"),
                       [_days(reviewed[q]["median"]) if q in reviewed else None
                        for q in quarters])],
        description=_("The median number of days from a practice's submission to its "
                      "publication, for the practices published in each quarter."),
    )  # fmt: skip


YEAR = dt.timedelta(days=365)


def quiet_cities(user, network, voivodeship) -> list:
    """[(network, city)]: the member cities (for over a year) of whom nobody taking part in
    the network for the city, in the last year, was present at one of its meetings, wrote in
    its discussions or commented on its results. Only what happened in that network counts:
    activity elsewhere (the leaders' network) says nothing to its coordinator. Activity is the
    city's its author takes part for (their participation's), not their profile's today.

    Each participation knows when its person last took part in its network (networks.activity
    keeps last_active_at): one query over the networks' participations, a probe of an index of
    those that ever took part for each member city, not a year of posts and comments."""
    year_ago = timezone.now() - YEAR
    ids = networks_of(user, network)
    active = Participation.objects.filter(  # visible: of the member city's own network
        network=OuterRef("network_id"), city=OuterRef("city_id"), last_active_at__gte=year_ago
    )
    members = (
        Participation.objects.visible_to(user)
        .filter(network_id__in=ids, role=Role.MEMBER, status=ParticipationStatus.ACCEPTED,
                decided_at__lte=year_ago, city__isnull=False)
        .filter(~Exists(active))
    )  # fmt: skip
    if voivodeship:
        members = members.filter(city__voivodeship=voivodeship)
    return list(
        members.order_by("network__number", "city__sort_key", "city_id")
        .values_list("network__name", "city__name")
        .distinct()
    )


def quiet_cities_chart(*, user, network, period, voivodeship) -> Chart:
    """Member cities that took part in nothing for a year (quiet_cities)."""
    rows = quiet_cities(user, network, voivodeship)[:QUIET_CITIES_SHOWN]
    return Chart(
        slug="bez-udzialu", kind=TABLE,
        title=_("Member cities that took part in nothing for a year"),
        x_label=_("City"), y_label=_("Network"),
        categories=[city_name for _network, city_name in rows],
        series=[Series(_("Network"), [network_name for network_name, _city in rows])],
        description="",
        note=_("Members for over a year of whom nobody taking part in the network for the "
               "city, in the last 365 days, was present at its meetings, wrote in its "
               "discussions or commented on its results. The period does not apply; at most "
               "%(count)s are listed.")
        % {"count": QUIET_CITIES_SHOWN},
    )  # fmt: skip


CHARTS = {
    "zgloszenia": applications_chart,
    "czas-decyzji": decision_time_chart,
    "czlonkostwo": membership_chart,
    "frekwencja-kwartaly": attendance_by_quarter_chart,
    "frekwencja-spotkania": attendance_by_meeting_chart,
    "ankiety": survey_chart,
    "opinie": opinions_chart,
    "dyskusje": discussions_chart,
    "praktyki": practices_chart,
    "czas-przegladu": review_time_chart,
    "bez-udzialu": quiet_cities_chart,
}


def sections():
    """The page's parts, each at a URL of its own, with its charts (by slug)."""
    return [
        Section("zgloszenia-i-czlonkowie", _("Applications and members"),
                ("zgloszenia", "czas-decyzji", "czlonkostwo")),
        Section("spotkania", _("Meetings"),
                ("frekwencja-kwartaly", "frekwencja-spotkania", "ankiety")),
        Section("opinie-i-dyskusje", _("Opinions and discussions"), ("opinie", "dyskusje")),
        Section("dobre-praktyki", _("Good practices"), ("praktyki", "czas-przegladu")),
        Section("miasta-do-dotarcia", _("Cities to reach"), ("bez-udzialu",)),
    ]  # fmt: skip
