"""What a person may do with a network's results: draft, edit, move them to the next
readers, comment and moderate. Who may read them is `Result.objects.visible_to` (callers load
a result through it first); these rules read the same access (`networks.access`).
"""

import datetime as dt

from django.utils import timezone

from networks.access import leaves_inside
from networks.rules import can_see_inside, in_closed_edition, is_coordinator, is_observer

from .choices import Stage

COMMENT_EDIT_WINDOW = dt.timedelta(minutes=15)


def can_draft(user, network) -> bool:
    """The network's members, experts and coordinator write results."""
    return user.is_authenticated and can_see_inside(user, network)


def can_edit(user, result) -> bool:
    if in_closed_edition(result):
        return False
    if is_coordinator(user, result.network):
        return True
    return (
        result.author_id == user.pk
        and result.stage == Stage.DRAFT
        and can_see_inside(user, result.network)
    )


def can_change_stage(user, result) -> bool:
    return is_coordinator(user, result.network) and not in_closed_edition(result)


def next_stages(result) -> list[str]:
    """Where the result may go: forward only; a closed network's results stay inside."""
    if not leaves_inside(result.network):
        return []
    order = [Stage.DRAFT, Stage.OBSERVERS, Stage.PUBLIC]
    return order[order.index(result.stage) + 1 :]


def can_comment(user, result) -> bool:
    """The network's people, and its observers once it is opened to them, give their opinion
    on a result they read."""
    if not user.is_authenticated or in_closed_edition(result):
        return False
    if can_see_inside(user, result.network):
        return True
    return result.stage != Stage.DRAFT and is_observer(user, result.network)


def can_moderate(user, result) -> bool:
    return is_coordinator(user, result.network)


def comment_edit_ends(comment):
    return comment.created_at + COMMENT_EDIT_WINDOW


def can_edit_comment(user, comment, now=None) -> bool:
    """Its author, for 15 minutes after writing it, unless it was hidden or deleted or its
    result's edition has closed (callers load the comment with its result's edition)."""
    now = now or timezone.now()
    return (
        user.is_authenticated
        and comment.author_id == user.pk
        and not in_closed_edition(comment.result)
        and not comment.is_hidden
        and not comment.is_deleted
        and now <= comment_edit_ends(comment)
    )


def can_delete_comment(user, comment) -> bool:
    """Its author, while its result's edition is open: the archive keeps what was said."""
    return (
        user.is_authenticated
        and comment.author_id == user.pk
        and not comment.is_deleted
        and not in_closed_edition(comment.result)
    )


def can_report_comment(user, comment) -> bool:
    return (
        user.is_authenticated
        and comment.author_id != user.pk
        and not comment.is_hidden
        and not comment.is_deleted
    )
