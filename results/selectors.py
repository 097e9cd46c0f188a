from django.db.models import Count, Q

from networks.models import Network

from .choices import Stage
from .models import Comment, CommentReport, Result

LIVE_COMMENTS = Q(comments__deleted_at=None, comments__hidden_at=None)


def results_for(user):
    """The results the person may read, with their network and number of comments."""
    return (
        Result.objects.visible_to(user)
        .select_related("network")
        .annotate(comment_count=Count("comments", filter=LIVE_COMMENTS))
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
    results = Result.objects.filter(stage=Stage.PUBLIC).exclude(network__kind="leaders")
    if network is not None:
        results = results.filter(network=network)
    return results.select_related("network").order_by("-published_at", "-pk")


def comment_threads(result):
    """The result's comments as [(comment, [replies])], oldest first, in one query."""
    comments = list(Comment.objects.filter(result=result).select_related("author__profile__city"))
    replies = {}
    for comment in comments:
        if comment.parent_id:
            replies.setdefault(comment.parent_id, []).append(comment)
    return [(c, replies.get(c.pk, [])) for c in comments if c.parent_id is None]


def reported_comments(network):
    """Comments of the network's results with reports not yet handled, most reported first."""
    return (
        Comment.objects.filter(
            result__network=network,
            pk__in=CommentReport.objects.filter(handled_at=None).values("comment_id"),
        )
        .annotate(open_reports=Count("reports", filter=Q(reports__handled_at=None)))
        .select_related("result", "author")
        .order_by("-open_reports", "created_at")
    )


def open_reports_of(comments):
    return (
        CommentReport.objects.filter(comment__in=comments, handled_at=None)
        .select_related("reporter")
        .order_by("created_at")
    )
