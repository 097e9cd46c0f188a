"""Who may see, write and review good practices."""

from django.db.models import Q

from accounts.rules import can_verify_functions, is_zmp_administrator, profile_of
from networks.models import Network

from .choices import PracticeStatus
from .models import Practice

# Coordinators and administrators review practices, as they verify functions.
can_review = can_verify_functions


def visible_q(user) -> Q:
    """Published practices (a restricted one only within its networks), one's own, and, for
    reviewers, those waiting for review."""
    if is_zmp_administrator(user):
        return Q()
    # A subquery, not a join, so a practice of several networks stays one row.
    inside = Practice.networks.through.objects.filter(
        network__in=Network.objects.with_inside_visible_to(user)
    ).values("practice_id")
    published = Q(status=PracticeStatus.PUBLISHED) & (
        Q(restricted_to_networks=False) | Q(pk__in=inside)
    )
    if not user.is_authenticated:
        return published
    mine = Q(author=user)
    if can_review(user):
        return published | mine | Q(status=PracticeStatus.SUBMITTED)
    return published | mine


def can_edit(user, practice) -> bool:
    if is_zmp_administrator(user):
        return True
    return practice.author_id == user.pk and practice.status in (
        PracticeStatus.DRAFT,
        PracticeStatus.CHANGES_REQUESTED,
    )


def can_submit_practices(user) -> bool:
    """City staff submit practices of their own city."""
    profile = profile_of(user)
    return profile is not None and profile.city_id is not None


def can_record_transfer(user, practice) -> bool:
    profile = profile_of(user)
    return (
        practice.status == PracticeStatus.PUBLISHED
        and profile is not None
        and profile.city_id not in (None, practice.city_id)
    )
