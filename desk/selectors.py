"""What awaits a person, gathered from every app's selectors. Each of those reads through its
model's `visible_to` and the person's access; this module only composes them, a fixed number
of queries however many networks or items there are (all the queues in one, with their
totals)."""

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, F, Value, Window
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import rules as account_rules
from accounts import selectors as account_selectors
from accounts.choices import FunctionStatus
from accounts.models import Profile
from discussions import selectors as discussion_selectors
from empirie.cache import cached
from meetings import rules as meeting_rules
from meetings import selectors as meeting_selectors
from meetings.models import Meeting
from networks import rules as network_rules
from networks import selectors as network_selectors
from networks.access import access_of
from networks.choices import ParticipationStatus
from networks.editions import CONTINUATION_DAYS
from networks.models import Participation
from partners import selectors as partner_selectors
from practices import selectors as practice_selectors
from results import selectors as result_selectors
from results.models import Result

from . import services
from .returns import from_desk

CONTINUATION_PERIOD = timedelta(days=CONTINUATION_DAYS)
SHOWN = 5  # items of each queue on the desk; the rest behind "all of them"


@dataclass(frozen=True)
class Task:
    title: str
    detail: str
    since: datetime | date
    url: str
    action: str


@dataclass(frozen=True)
class Queue:
    """One kind of task: the longest waiting few, how many there are, and where all are."""

    key: str
    heading: str
    tasks: list = field(default_factory=list)
    total: int = 0
    everything_url: str | None = None


def first_and_total(queryset, shown=SHOWN):
    """The first `shown` rows and how many there are in all, in one query."""
    rows = list(queryset.annotate(in_all=Window(Count("*")))[:shown])
    return rows, (rows[0].in_all if rows else 0)


def counts_in_one_query(querysets) -> list[int]:
    """How many rows each queryset has, in one statement: the navigation shows these on
    every page, and one round trip costs less than six. Each queryset's own SQL (from the
    ORM, with its parameters) is counted as a subquery."""
    parts, params = [], []
    for queryset in querysets:
        try:
            sql, more = queryset.order_by().values("pk").query.sql_with_params()
        except EmptyResultSet:  # a filter on no ids at all (no network yet): nothing to count
            parts.append("0")
            continue
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS rows_{len(parts)})")  # noqa: S608  # nosec B608
        params.extend(more)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}", params)  # noqa: S608  # the ORM's own SQL  # nosec B608
        return list(cursor.fetchone())


def reviews_for(user) -> bool:
    """Whether the person has a queue at all: coordinators and administrators, who also
    verify functions (accounts.rules.can_verify_functions says the same)."""
    return access_of(user).reviewer


def queued(user) -> dict:
    """Each queue's rows, by key: what the desk lists and the navigation counts, said once."""
    return {
        "applications": network_selectors.applications_to_decide(user),
        "functions": account_selectors.functions_awaiting_verification(user),
        "practices": practice_selectors.practices_to_review(user),
        "comments": result_selectors.comments_reported_to(user),
        "posts": discussion_selectors.posts_reported_to(user),
        "messages": partner_selectors.messages_reported_to(user),  # ZMP's staff's alone
        "meetings": meeting_selectors.meetings_to_close(user),
        "results": result_selectors.results_to_move_on(user),
    }


def in_one_statement(querysets: dict, each: str) -> list[tuple]:
    """Rows of (key, ...) for each queryset, by key, in one statement: `each` says what a
    queryset's rows become (of the alias `part`), and each queryset's own SQL (from the ORM,
    with its parameters) is one part of a UNION ALL. One round trip rather than one each."""
    parts, params = [], []
    for key, queryset in querysets.items():
        try:
            sql, more = queryset.query.sql_with_params()
        except EmptyResultSet:  # a filter on no ids at all (no network yet): no rows
            continue
        parts.append(f"(SELECT %s, {each} FROM ({sql}) AS part)")  # noqa: S608  # nosec B608
        params += [key, *more]
    if not parts:
        return []
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)  # the ORM's own SQL  # nosec B608
        return cursor.fetchall()


def first_rows_and_totals(querysets: dict, shown=SHOWN) -> dict[str, tuple[list[dict], int]]:
    """Each queryset's first `shown` rows (its values, as dictionaries) and how many it has in
    all, by key, in one statement: a coordinator's desk reads seven queues on every visit, and
    one round trip with no model instances costs less than seven. Each queue's rows are
    gathered in its own order."""
    firsts = {
        key: queryset.annotate(in_all=Window(Count("*")))[:shown]
        for key, queryset in querysets.items()
    }
    found = {key: ([], 0) for key in querysets}
    for key, rows in in_one_statement(firsts, "COALESCE(jsonb_agg(to_jsonb(part)), '[]')"):
        rows = json.loads(rows)  # Django leaves JSON to its fields to decode
        found[key] = (rows, rows[0]["in_all"] if rows else 0)
    return found


def _moment(value: str) -> datetime | date:
    """A date or moment as PostgreSQL writes it in JSON ("2026-12-04", or with its time)."""
    return date.fromisoformat(value) if len(value) == 10 else datetime.fromisoformat(value)


def _label(model, field: str, value) -> str:
    """A choice's label, as `get_<field>_display` says it."""
    return str(dict(model._meta.get_field(field).flatchoices).get(value, value))


def _name(first: str, last: str, email: str = "") -> str:
    return f"{first or ''} {last or ''}".strip() or email


def _reported_text(row) -> str:
    """A reported comment or post as its queue shows it: who wrote it, how it starts."""
    author, body = _name(row["author__first_name"], row["author__last_name"]), row["body"]
    return f"{author}: {body[:80]}{'…' if len(body) > 80 else ''}"


def coordinator_queues(user) -> list[Queue]:
    """The coordinator's (and administrator's) one queue across the networks they run."""
    if not reviews_for(user):
        return []
    sources = queued(user)
    found = first_rows_and_totals({
        "applications": sources["applications"].values(
            "pk", "role", "applied_at", "person__first_name", "person__last_name",
            "person__email", "city__name", "network__name",
        ),
        "functions": sources["functions"].values(
            "pk", "function", "function_declared_at", "user__first_name", "user__last_name",
            "user__email", "city__name",
        ),
        "practices": sources["practices"].values(
            "title", "slug", "submitted_at", "updated_at", "city__name"
        ),
        "comments": sources["comments"].values(
            "body", "reported_at", "result__title", "result__network__slug",
            "author__first_name", "author__last_name",
        ),
        "posts": sources["posts"].values(
            "pk", "body", "reported_at", "thread_id", "thread__title", "thread__network__slug",
            "author__first_name", "author__last_name",
        ),
        "messages": sources["messages"].values(
            "pk", "body", "reported_at", "report_reason", "author__first_name",
            "author__last_name",
        ),
        "meetings": sources["meetings"].values(
            "pk", "topic", "ends_at", "reported", "drafted", "network__name"
        ),
        "results": sources["results"].values(
            "pk", "title", "stage", "updated_at", "opinions_until", "network__name"
        ),
    })  # fmt: skip
    queues = []

    rows, total = found["applications"]
    queues.append(Queue("applications", gettext_lazy("Applications to decide"), [
        Task(_name(row["person__first_name"], row["person__last_name"], row["person__email"]),
             f"{row['city__name']} · {row['network__name']} · "
             f"{_label(Participation, 'role', row['role'])}",
             _moment(row["applied_at"]), from_desk(reverse("networks:decide", args=[row["pk"]])),
             _("Decide"))
        for row in rows
    ], total))  # fmt: skip

    rows, total = found["functions"]
    # An address only to those who vouch for leaders: a nameless declarer's is nobody else's.
    addresses = account_rules.vouches_for_leaders(user)
    queues.append(Queue("functions", gettext_lazy("Functions to verify"), [
        Task(_name(row["user__first_name"], row["user__last_name"],
                   row["user__email"] if addresses else "") or "–",
             f"{_label(Profile, 'function', row['function'])} · {row['city__name'] or ''}",
             _moment(row["function_declared_at"]),
             from_desk(reverse("accounts:function_decide", args=[row["pk"]])), _("Verify"))
        for row in rows
    ], total, reverse("accounts:function_verifications")))  # fmt: skip

    rows, total = found["practices"]
    queues.append(Queue("practices", gettext_lazy("Practices to review"), [
        Task(row["title"], row["city__name"], _moment(row["submitted_at"] or row["updated_at"]),
             from_desk(reverse("practices:review", args=[row["slug"]])), _("Review it"))
        for row in rows
    ], total, reverse("practices:review_queue")))  # fmt: skip

    rows, total = found["comments"]
    queues.append(Queue("comments", gettext_lazy("Reported comments"), [
        Task(row["result__title"], _reported_text(row), _moment(row["reported_at"]),
             from_desk(reverse("results:reports", args=[row["result__network__slug"]])),
             _("Moderate"))
        for row in rows
    ], total))  # fmt: skip

    rows, total = found["posts"]
    queues.append(Queue("posts", gettext_lazy("Reported posts in discussions"), [
        Task(row["thread__title"], _reported_text(row), _moment(row["reported_at"]),
             from_desk(reverse("discussions:post_hide", args=[
                 row["thread__network__slug"], row["thread_id"], row["pk"]])),
             _("Moderate"))
        for row in rows
    ], total))  # fmt: skip

    rows, total = found["messages"]
    queues.append(Queue("messages", gettext_lazy("Reported messages"), [
        Task(_reported_text(row), row["report_reason"] or _("no reason given"),
             _moment(row["reported_at"]),
             from_desk(reverse("partners:message_moderate", args=[row["pk"]])), _("Moderate"))
        for row in rows
    ], total))  # fmt: skip

    rows, total = found["meetings"]
    queues.append(Queue("meetings", gettext_lazy("Meetings to close"), [
        Task(row["topic"], f"{row['network__name']} · " + (
                _("attendance not recorded") if row["reported"]
                else _("report not published yet") if row["drafted"]
                else _("no report yet")),
             _moment(row["ends_at"]),
             from_desk(reverse("meetings:attendance" if row["reported"] else "meetings:report_edit",
                               args=[row["pk"]])),
             _("Record attendance") if row["reported"] else _("Write the report"))
        for row in rows
    ], total))  # fmt: skip

    rows, total = found["results"]
    queues.append(Queue("results", gettext_lazy("Results to move on"), [
        Task(row["title"], f"{row['network__name']} · " + (
                _("a draft") if row["stage"] == "draft"
                else _("the observers' opinion date has passed")),
             _moment(row["updated_at"] if row["stage"] == "draft" else row["opinions_until"]),
             from_desk(reverse("results:stage", args=[row["pk"]])), _("Open it further"))
        for row in rows
    ], total))  # fmt: skip
    return queues


def to_do_count(user) -> int:
    """The navigation's "To do" number: the stored one while it is current (desk.models), or
    counted now and stored."""
    if not reviews_for(user):
        return 0
    access = access_of(user)
    count, generation = services.stored(user.pk, access.fingerprint)
    return count if count is not None else counted_to_do(user, access, generation)


def counted_to_do(user, access, generation=None) -> int:
    """The person's number counted now and stored under the generation read before counting
    (a change while counting leaves it stale)."""
    if generation is None:
        _kept, generation = services.stored(user.pk, access.fingerprint)
    count = sum(counts_in_one_query(queued(user).values()))
    services.store(user.pk, count, generation, access.fingerprint)
    return count


def opinions_awaited_count(user) -> int:
    """The navigation's "For your opinion" number: results awaiting the person's opinion
    that they have not yet commented on."""
    if not access_of(user).observed:
        return 0
    key = f"opinions:{user.pk}:{access_of(user).fingerprint}:{timezone.localdate()}"
    return cached(
        "results",
        key,
        lambda: counts_in_one_query(
            [result_selectors.awaiting_my_opinion(user).filter(answered=False, late=False)]
        )[0],
        timeout=300,
        in_process=True,
    )


def function_awaiting(user):
    """A leader's function the person declared and nobody has decided yet (a clerk's function
    is never verified, so never awaits)."""
    profile = account_rules.profile_of(user)
    undecided = (FunctionStatus.DECLARED, FunctionStatus.REJECTED)
    if profile and profile.is_verified_kind and profile.function_status in undecided:
        return profile
    return None


NEW_AT_MOST = timedelta(days=30)


def new_since_last_visit(user, visible):
    """How many of the visible rows (meetings, results) each network whose inside the person
    reads has had since they last opened it (or since they joined): rows of (network id,
    count), all networks in one query."""
    participation = "network__participations__"
    return (
        visible.filter(**{
            f"{participation}person": user,
            f"{participation}status": ParticipationStatus.ACCEPTED,
            f"{participation}network_id__in": access_of(user).inside,
            # New: since the last visit, or joining; and in any case within the last month.
            "created_at__gt": Greatest(
                Coalesce(F(f"{participation}inside_seen_at"), F(f"{participation}decided_at")),
                Value(timezone.now() - NEW_AT_MOST),
            ),
        })
        .values_list("network_id")
        .annotate(new=Count("pk", distinct=True))
        .order_by()
    )  # fmt: skip


def counts_by_network_in_one_query(querysets: dict) -> dict[str, dict[int, int]]:
    """Each queryset's rows of (network id, count), by key, in one statement: the desk's
    figures of what is new in each network."""
    found = {key: {} for key in querysets}
    for key, network_id, count in in_one_statement(querysets, "part.*"):
        found[key][network_id] = count
    return found


def member_desk(user):
    """My networks (with what is new in each, unread threads too) and my applications
    awaiting a decision, my next meetings (with whether I may register), new results, my
    practices: five queries, the networks from the process's copy rather than joined."""
    rows = network_selectors.with_networks(
        list(network_selectors.networks_of(user).annotate(**network_selectors.asked_to_continue()))
    )
    networks = [p for p in rows if p.status == ParticipationStatus.ACCEPTED]
    # A request to confirm continuing in a new edition, to whoever may answer it.
    continuing = [
        {
            "network": p.network,
            "edition": p.continuation_edition,
            "url": reverse("networks:continue", args=[p.continuation_id]),
            "until": timezone.localdate(p.continuation_asked_at + CONTINUATION_PERIOD),
        }
        for p in networks
        if p.continuation_id and network_rules.can_answer_continuation(user, p.network)
    ]
    awaiting = [p for p in rows if p.status == ParticipationStatus.APPLIED]
    new = counts_by_network_in_one_query({
        "meetings": new_since_last_visit(
            user, Meeting.objects.visible_to(user).published().filter(cancelled_at__isnull=True)
        ),
        "results": new_since_last_visit(user, Result.objects.visible_to(user)),
        "threads": discussion_selectors.unread_by_network(user, [p.network_id for p in networks]),
    })  # fmt: skip
    for participation in networks:  # an observer's link is to the network's page
        participation.sees_inside = participation.network_id in access_of(user).inside
        participation.new_meetings = new["meetings"].get(participation.network_id, 0)
        participation.new_results = new["results"].get(participation.network_id, 0)
        participation.unread_threads = new["threads"].get(participation.network_id, 0)
        participation.discusses = participation.sees_inside or (
            participation.network_id in access_of(user).observed
        )
    coming = (
        meeting_selectors.coming_meetings_for(user).published().select_related(None)
        .select_related("edition")  # is it archived (meeting_rules.can_take_part)?
    )  # fmt: skip
    meetings = network_selectors.with_networks(
        list(meeting_selectors.with_places_taken(coming)[:SHOWN])
    )
    for meeting in meetings:
        meeting.coordinated = meeting.network_id in access_of(user).coordinated
        decision = meeting_rules.can_take_part(user, meeting)
        meeting.may_register = not meeting.is_registered and not meeting.coordinated and decision
        meeting.is_full = not meeting_rules.room(meeting, taken=meeting.places_taken)
        meeting.is_offered = bool(meeting.offered_until and meeting.offered_until > timezone.now())
        meeting.why_not = decision.reason
    results = network_selectors.with_networks(list(result_selectors.new_results_for(user)[:SHOWN]))
    practices, practice_total = first_and_total(practice_selectors.own_practices(user))
    return {
        "networks": networks,
        "applications": awaiting,
        "continuing": continuing,
        "sees_an_inside": bool(access_of(user).inside),
        "meetings": meetings,
        "new_results": results,
        "practices": practices,
        "practice_total": practice_total,
    }


def observer_desk(user, shown=20):
    """Results awaiting my opinion, those I answered apart: one query."""
    if not access_of(user).observed:
        return None
    results = list(result_selectors.awaiting_my_opinion(user)[: shown * 2])
    # Past its date a result still takes opinions, but no longer counts as awaiting them.
    return {
        "awaiting": [r for r in results if not r.answered][:shown],
        "answered": [r for r in results if r.answered][:shown],
    }
