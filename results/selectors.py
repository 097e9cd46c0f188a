import datetime

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from empirie import moderation
from empirie.cache import cached
from networks.access import access_of, leaves_inside_q
from networks.models import Network

from .choices import Stage
from .models import Comment, CommentReport, Result, ResultAttachment


def search(results, asked):
    """`results` that have the words asked (search.query.understood), the best first."""
    return asked.filter(results).order_by("-rank", "-updated_at", "-pk")


def live_comment_count():
    """Comments shown with their text, counted per result: a subquery, so that PostgreSQL
    counts only for the page of results shown, not for every result before sorting."""
    counted = (
        # visible: counted under results loaded through visible_to
        Comment.objects.filter(result=OuterRef("pk"), deleted_at=None, hidden_at=None)
        .order_by()
        .values("result")
        .annotate(count=Count("*"))  # from the index alone (comment_live_by_result)
        .values("count")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def results_for(user):
    """The results the person may read, with their network and number of comments."""
    return (
        Result.objects.visible_to(user)
        .select_related("network")
        .annotate(comment_count=live_comment_count())
    )


def result_page(user):
    """One result's page, if the person may read it: its network, author, number of comments
    and whether each list under it has anything."""
    # Whether a result the person reads has each list (each list is read through visible_to).
    links = {
        "has_attachments": ResultAttachment.objects.filter(result=OuterRef("pk")),  # visible: ↑
        "has_meetings": Result.meetings.through.objects.filter(result=OuterRef("pk")),
        "has_practices": Result.practices.through.objects.filter(result=OuterRef("pk")),
        "has_plans": Result.plans.through.objects.filter(result=OuterRef("pk")),
    }
    return (
        Result.objects.visible_to(user)
        .select_related("network", "author", "edition")  # the edition: is it an archive?
        .annotate(comment_count=live_comment_count())
        .annotate(**{name: Exists(rows) for name, rows in links.items()})
    )


def result_page_for(user, pk):
    """result_page's row, shared by everyone with the same access, cached until any result,
    comment, person, network or city changes; None if the person may not read it."""
    fingerprint = access_of(user).fingerprint
    return cached(
        ("results", "people", "portal"),
        f"result-page:{pk}:{fingerprint}",
        lambda: result_page(user).filter(pk=pk).first(),
    )


def awaiting_opinion(user):
    """For the observer's home: results opened to observers in the networks the person
    observes, newest first."""
    return (
        results_for(user)
        .filter(stage=Stage.OBSERVERS, network__in=Network.objects.observed_by(user))
        .order_by("-opened_to_observers_at", "-pk")
    )


def public_results(network=None):
    """What anyone may read, as a visitor does: for the feeds."""
    results = Result.objects.visible_to(AnonymousUser()).filter(stage=Stage.PUBLIC)
    if network is not None:
        results = results.filter(network=network)
    return results.select_related("network").order_by("-published_at", "-pk")


THREADS_PER_PAGE = 30
COMMENT_FIELDS = [
    "id", "result_id", "parent_id", "author_id", "body", "body_html", "created_at", "edited_at",
    "deleted_at", "hidden_at", "hidden_reason", "author__first_name", "author__last_name",
    "author__email", "author__profile__id", "author__profile__user_id",
    "author__profile__city_id", "author__profile__city__name",
]  # fmt: skip


def comment_threads(user, result, page_number=None):
    """A page of the result's discussion: (page of first comments, [(comment, [replies])]),
    oldest first, in three queries however long the discussion is."""
    comments = (
        Comment.objects.visible_to(user)
        .filter(result=result)
        .select_related("author__profile__city")
        .only(*COMMENT_FIELDS)
    )
    page = Paginator(comments.filter(parent=None), THREADS_PER_PAGE).get_page(page_number)
    replies = {}
    for reply in comments.filter(parent__in=[c.pk for c in page]):
        replies.setdefault(reply.parent_id, []).append(reply)
    return page, [(comment, replies.get(comment.pk, [])) for comment in page]


def page_of(comment) -> int:
    """The page of the discussion that shows the comment (with its thread)."""
    first = comment.parent or comment
    # visible: a count of the threads before one of a result the person reads
    before = Comment.objects.filter(result_id=first.result_id, parent=None).filter(
        Q(created_at__lt=first.created_at) | Q(created_at=first.created_at, pk__lt=first.pk)
    )
    return before.count() // THREADS_PER_PAGE + 1


def reported_comments(user, network):
    """Comments of the network's results with reports not yet handled, most reported first."""
    return (
        Comment.objects.visible_to(user)
        .filter(
            result__network=network,
            pk__in=moderation.open_reports(CommentReport).values("comment_id"),
        )
        .annotate(open_reports=Count("reports", filter=Q(reports__handled_at=None)))
        .select_related("result", "author")
        .order_by("-open_reports", "created_at")
    )


def open_reports_of(comments):
    return (
        moderation.open_reports(CommentReport)
        .filter(comment__in=comments)
        .select_related("reporter")
        .order_by("created_at")
    )


def comments_reported_to(user):
    """Comments with reports not yet handled in the networks the person moderates (those
    they coordinate), the longest reported first."""
    return (
        moderation.reported(Comment.objects.visible_to(user), CommentReport)
        .filter(result__network_id__in=access_of(user).coordinated)
        .select_related("result__network", "author")
        .order_by("reported_at", "pk")
    )


def results_to_move_on(user):
    """Results in the networks the person coordinates that wait for them: drafts, and those
    whose observers' opinion date has passed."""
    return (
        Result.objects.visible_to(user)
        .select_related("network")
        # A closed network's results stay drafts for good: nothing to move on there.
        .filter(leaves_inside_q(), network_id__in=access_of(user).coordinated)
        .filter(
            Q(stage=Stage.DRAFT) | Q(stage=Stage.OBSERVERS, opinions_until__lt=timezone.localdate())
        )
        # Drafts first, then those past their date, each the oldest first; by stage too, so
        # the planner reads the networks' few rows rather than every result newest-first.
        .order_by("stage", "updated_at", "pk")
    )


def awaiting_my_opinion(user):
    """awaiting_opinion, each marked `answered` when the person has commented on it."""
    mine = Comment.objects.filter(  # visible: the person's own comments
        result=OuterRef("pk"), author=user, deleted_at=None
    )
    late = Q(opinions_until__lt=timezone.localdate())
    return awaiting_opinion(user).annotate(
        answered=Exists(mine),
        answered_at=Subquery(mine.order_by("-created_at").values("created_at")[:1]),
        late=ExpressionWrapper(late, output_field=BooleanField()),
    )


def new_results_for(user, days=30):
    """Results of the networks whose inside the person sees, changed in the last `days`;
    their networks from networks.selectors.with_networks."""
    since = timezone.now() - datetime.timedelta(days=days)
    return (
        Result.objects.visible_to(user)
        .filter(network_id__in=access_of(user).inside, updated_at__gte=since)
        .order_by("-updated_at", "-pk")
    )
