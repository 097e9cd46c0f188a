"""Who may read, write, comment on and moderate a network's results: the one place the views,
querysets, feeds, templates and notifications ask.

A draft is for the network's people (members, experts, coordinator); a result for observers
adds the network's observers; a public one is for everyone. A closed network's results never
leave it, whatever their stage says.
"""

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from accounts.rules import is_zmp_administrator
from networks.choices import NetworkKind
from networks.models import Network
from networks.rules import can_see_inside, is_coordinator, is_observer

from .choices import Stage

COMMENT_EDIT_WINDOW = dt.timedelta(minutes=15)


def visible_q(user) -> Q:
    if is_zmp_administrator(user):
        return Q()
    open_network = ~Q(network__kind=NetworkKind.LEADERS)
    public = Q(stage=Stage.PUBLIC) & open_network
    inside = Q(network__in=Network.objects.with_inside_visible_to(user))
    observed = Q(stage__in=[Stage.OBSERVERS, Stage.PUBLIC]) & Q(
        network__in=Network.objects.observed_by(user)
    )
    return public | inside | observed


def can_read(user, result) -> bool:
    network = result.network
    if can_see_inside(user, network):
        return True
    if network.is_closed:
        return False
    if result.stage == Stage.PUBLIC:
        return True
    return result.stage == Stage.OBSERVERS and is_observer(user, network)


def can_draft(user, network) -> bool:
    """The network's members, experts and coordinator write results."""
    return user.is_authenticated and can_see_inside(user, network)


def can_edit(user, result) -> bool:
    if is_coordinator(user, result.network):
        return True
    return (
        result.author_id == user.pk
        and result.stage == Stage.DRAFT
        and can_see_inside(user, result.network)
    )


def can_change_stage(user, result) -> bool:
    return is_coordinator(user, result.network)


def next_stages(result) -> list[str]:
    """Where the result may go: forward only; a closed network's results stay inside."""
    if result.network.is_closed:
        return []
    order = [Stage.DRAFT, Stage.OBSERVERS, Stage.PUBLIC]
    return order[order.index(result.stage) + 1 :]


def can_comment(user, result) -> bool:
    """Observers and the network's people give their opinion on what they may read."""
    if not user.is_authenticated or not can_read(user, result):
        return False
    return can_see_inside(user, result.network) or is_observer(user, result.network)


def can_moderate(user, result) -> bool:
    return is_coordinator(user, result.network)


def can_edit_comment(user, comment, now=None) -> bool:
    """Its author, for 15 minutes after writing it, unless it was hidden or deleted."""
    now = now or timezone.now()
    return (
        user.is_authenticated
        and comment.author_id == user.pk
        and not comment.is_hidden
        and not comment.is_deleted
        and now - comment.created_at <= COMMENT_EDIT_WINDOW
    )


def can_delete_comment(user, comment) -> bool:
    return user.is_authenticated and comment.author_id == user.pk and not comment.is_deleted


def can_report_comment(user, comment) -> bool:
    return (
        user.is_authenticated
        and comment.author_id != user.pk
        and not comment.is_hidden
        and not comment.is_deleted
    )
