"""What a person may do in a network's discussions. Who may read a thread is
`Thread.objects.visible_to` (callers load threads through it first); these rules read the same
access (`networks.access`)."""

from django.utils.translation import gettext_lazy

from accounts.choices import NetworkAudience
from networks.rules import can_see_inside, in_closed_edition, is_coordinator, is_observer

from .choices import ThreadKind

# Observers take part in the threads opened to them, as they did in the Facebook groups; they
# ask and discuss, while consultations and announcements are the network's own.
OBSERVER_KINDS = (ThreadKind.QUESTION, ThreadKind.DISCUSSION)


def kinds_to_start(user, network) -> list[str]:
    """The kinds of thread the person may start in the network (none: may not start one)."""
    if not user.is_authenticated:
        return []
    if is_coordinator(user, network):
        return list(ThreadKind.values)
    if can_see_inside(user, network):
        return [kind for kind in ThreadKind.values if kind != ThreadKind.ANNOUNCEMENT]
    if is_observer(user, network):
        return list(OBSERVER_KINDS)
    return []


def audiences_to_choose(user, network) -> list[str]:
    """Who a new thread may be for: the inside's people choose; an observer's thread is read
    by observers too; a closed network has no observers (networks.access)."""
    if network.is_closed:
        return [NetworkAudience.INSIDE]
    if can_see_inside(user, network):
        return [NetworkAudience.INSIDE, NetworkAudience.OBSERVERS]
    return [NetworkAudience.OBSERVERS]


def can_reply(user, thread) -> bool:
    """Whoever reads a thread replies to it, until the coordinator locks it or its edition
    closes."""
    if not user.is_authenticated or in_closed_edition(thread):
        return False
    if is_coordinator(user, thread.network):
        return True
    return not thread.is_locked


def can_moderate(user, thread) -> bool:
    return user.is_authenticated and is_coordinator(user, thread.network)


# Said by the service on the locked row and by the page for a number that is not one.
NOT_A_SOLUTION = gettext_lazy("Only a reply that is still there can solve the question.")

NOT_CONVERTIBLE = gettext_lazy(
    "Only a solved question or a consultation becomes a result or a practice."
)


def can_convert(user, thread) -> bool:
    """What a network worked out becomes a result or a practice: a solved question or a
    consultation, turned by the coordinator."""
    worked_out = thread.kind == ThreadKind.CONSULTATION or (
        thread.kind == ThreadKind.QUESTION and thread.solution_id is not None
    )
    return worked_out and can_moderate(user, thread)


def can_mark_solution(user, thread) -> bool:
    """The one who asked, or the coordinator, marks the reply that solved a question."""
    return (
        user.is_authenticated
        and thread.kind == ThreadKind.QUESTION
        and (thread.author_id == user.pk or is_coordinator(user, thread.network))
        and not in_closed_edition(thread)
    )


def can_edit_post(user, post) -> bool:
    """Its author, unless it was hidden or deleted or its thread is an archive's (callers
    load the post with its thread's edition)."""
    return (
        user.is_authenticated
        and post.author_id == user.pk
        and not post.is_hidden
        and not post.is_deleted
        and not in_closed_edition(post.thread)
    )


def can_delete_post(user, post) -> bool:
    return (
        user.is_authenticated
        and post.author_id == user.pk
        and not post.is_deleted
        and not in_closed_edition(post.thread)
    )


def can_report_post(user, post) -> bool:
    """Someone else's post still there; in an archive too (its moderator may hide it)."""
    return (
        user.is_authenticated
        and post.author_id != user.pk
        and not post.is_hidden
        and not post.is_deleted
    )


def can_mark_useful(user, post) -> bool:
    return can_report_post(user, post) and not in_closed_edition(post.thread)
