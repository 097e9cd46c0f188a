"""What awaits a person, gathered from every app's selectors. Each of those reads through its
model's `visible_to` and the person's access; this module only composes them, a fixed number
of queries however many networks or items there are (one per queue, with its total)."""

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
from discussions import selectors as discussion_selectors
from empirie.cache import cached
from meetings import rules as meeting_rules
from meetings import selectors as meeting_selectors
from meetings.models import Meeting
from networks import selectors as network_selectors
from networks.access import access_of
from networks.choices import ParticipationStatus
from practices import selectors as practice_selectors
from results import selectors as result_selectors
from results.models import Result

from .returns import from_desk

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
        "meetings": meeting_selectors.meetings_to_close(user),
        "results": result_selectors.results_to_move_on(user),
    }


def _reported_text(text) -> str:
    """A reported comment or post as its queue shows it: who wrote it, how it starts."""
    author = text.author.get_full_name() if text.author else ""
    return f"{author}: {text.body[:80]}{'…' if len(text.body) > 80 else ''}"


def coordinator_queues(user) -> list[Queue]:
    """The coordinator's (and administrator's) one queue across the networks they run."""
    if not reviews_for(user):
        return []
    sources = queued(user)
    queues = []

    rows, total = first_and_total(
        sources["applications"].only(
            "role",
            "applied_at",
            "person__first_name",
            "person__last_name",
            "person__email",
            "city__name",
            "network__name",
        )
    )
    queues.append(Queue("applications", gettext_lazy("Applications to decide"), [
        Task(f"{p.person.get_full_name() or p.person.email}", f"{p.city} · {p.network.name} · "
             f"{p.get_role_display()}", p.applied_at, from_desk(reverse("networks:decide", args=[p.pk])),
             _("Decide"))
        for p in rows
    ], total))  # fmt: skip

    rows, total = first_and_total(
        sources["functions"].only(
            "function",
            "function_declared_at",
            "user__first_name",
            "user__last_name",
            "user__email",
            "city__name",
        )
    )
    queues.append(Queue("functions", gettext_lazy("Functions to verify"), [
        Task(profile.user.get_full_name() or profile.user.email,
             f"{profile.get_function_display()} · {profile.city or ''}",
             profile.function_declared_at,
             from_desk(reverse("accounts:function_decide", args=[profile.pk])), _("Verify"))
        for profile in rows
    ], total, reverse("accounts:function_verifications")))  # fmt: skip

    rows, total = first_and_total(
        sources["practices"].only("title", "slug", "submitted_at", "updated_at", "city__name")
    )
    queues.append(Queue("practices", gettext_lazy("Practices to review"), [
        Task(practice.title, str(practice.city), practice.submitted_at or practice.updated_at,
             from_desk(reverse("practices:review", args=[practice.slug])), _("Review it"))
        for practice in rows
    ], total, reverse("practices:review_queue")))  # fmt: skip

    rows, total = first_and_total(
        sources["comments"].only(
            "body",
            "result__title",
            "result__network__slug",
            "author__first_name",
            "author__last_name",
        )
    )
    queues.append(Queue("comments", gettext_lazy("Reported comments"), [
        Task(comment.result.title, _reported_text(comment), comment.reported_at,
             from_desk(reverse("results:reports", args=[comment.result.network.slug])),
             _("Moderate"))
        for comment in rows
    ], total))  # fmt: skip

    rows, total = first_and_total(
        sources["posts"].only(
            "body", "thread__title", "thread__network__slug", "author__first_name",
            "author__last_name",
        )
    )  # fmt: skip
    queues.append(Queue("posts", gettext_lazy("Reported posts in discussions"), [
        Task(post.thread.title, _reported_text(post), post.reported_at,
             from_desk(reverse("discussions:post_hide", args=[
                 post.thread.network.slug, post.thread_id, post.pk])),
             _("Moderate"))
        for post in rows
    ], total))  # fmt: skip

    rows, total = first_and_total(sources["meetings"].only("topic", "ends_at", "network__name"))
    queues.append(Queue("meetings", gettext_lazy("Meetings to close"), [
        Task(meeting.topic, f"{meeting.network.name} · " + (
                _("attendance not recorded") if meeting.reported
                else _("report not published yet") if meeting.drafted
                else _("no report yet")),
             meeting.ends_at,
             from_desk(reverse("meetings:attendance" if meeting.reported else "meetings:report_edit",
                               args=[meeting.pk])),
             _("Record attendance") if meeting.reported else _("Write the report"))
        for meeting in rows
    ], total))  # fmt: skip

    rows, total = first_and_total(
        sources["results"].only("title", "stage", "updated_at", "opinions_until", "network__name")
    )
    queues.append(Queue("results", gettext_lazy("Results to move on"), [
        Task(result.title, f"{result.network.name} · " + (
                _("a draft") if result.stage == "draft"
                else _("the observers' opinion date has passed")),
             result.updated_at if result.stage == "draft" else result.opinions_until,
             from_desk(reverse("results:stage", args=[result.pk])), _("Open it further"))
        for result in rows
    ], total))  # fmt: skip
    return queues


def to_do_count(user) -> int:
    """The navigation's "To do" number: kept for the person and their access until anything
    a queue reads changes (or five minutes pass: a meeting's week runs out by itself)."""
    if not reviews_for(user):
        return 0

    def count():
        return sum(counts_in_one_query(queued(user).values()))

    # The day in the key: a date passing (an opinion date, a meeting's week) changes the count.
    key = f"to-do:{user.pk}:{access_of(user).fingerprint}:{timezone.localdate()}"
    families = ("people", "practices", "results", "meetings", "discussions")
    return cached(families, key, count, timeout=300, in_process=True)


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


def new_since_last_visit(user, visible) -> dict[int, int]:
    """How many of the visible rows (meetings, results) each network whose inside the person
    reads has had since they last opened it (or since they joined): one query, all networks."""
    participation = "network__participations__"
    rows = (
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
    return dict(rows)


def member_desk(user):
    """My networks (with what is new in each, unread threads too), my next meetings (with
    whether I may register), new results, my practices: seven queries."""
    networks = list(network_selectors.networks_of(user))
    new_meetings = new_since_last_visit(
        user, Meeting.objects.visible_to(user).filter(cancelled_at__isnull=True)
    )
    new_results = new_since_last_visit(user, Result.objects.visible_to(user))
    unread_threads = discussion_selectors.unread_counts(user, [p.network_id for p in networks])
    for participation in networks:  # an observer's link is to the network's page
        participation.sees_inside = participation.network_id in access_of(user).inside
        participation.new_meetings = new_meetings.get(participation.network_id, 0)
        participation.new_results = new_results.get(participation.network_id, 0)
        participation.unread_threads = unread_threads.get(participation.network_id, 0)
        participation.discusses = participation.sees_inside or (
            participation.network_id in access_of(user).observed
        )
    coming = meeting_selectors.coming_meetings_for(user)
    meetings = list(meeting_selectors.with_places_taken(coming)[:SHOWN])
    for meeting in meetings:
        meeting.coordinated = meeting.network_id in access_of(user).coordinated
        decision = meeting_rules.can_register(user, meeting, taken=meeting.registered_count)
        meeting.may_register = not meeting.is_registered and not meeting.coordinated and decision
        meeting.why_not = decision.reason  # a full meeting says so, not "closed"
    results = list(result_selectors.new_results_for(user)[:SHOWN])
    practices, practice_total = first_and_total(practice_selectors.own_practices(user))
    return {
        "networks": networks,
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
