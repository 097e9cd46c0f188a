"""What a person may do with good practices: write, review, record a transfer. What they may
see is `Practice.objects.visible_to`."""

from django.db.models import Q

from accounts.rules import is_zmp_administrator, profile_of
from networks.access import access_of

from .choices import PracticeStatus
from .models import Practice


def reviewable_q(user) -> Q:
    """The submitted practices the person reviews: an unrestricted one, any coordinator; one
    restricted to its networks, only those networks' coordinators; administrators, all."""
    access = access_of(user)
    submitted = Q(status=PracticeStatus.SUBMITTED)
    if access.administrator:
        return submitted
    if not access.reviewer:
        return Q(pk__in=[])
    coordinated = Practice.networks.through.objects.filter(network_id__in=access.coordinated)
    return submitted & (
        Q(restricted_to_networks=False) | Q(pk__in=coordinated.values("practice_id"))
    )


def can_review_practices(user) -> bool:
    """Who has a queue of practices to review: coordinators and administrators."""
    return access_of(user).reviewer


def can_review(user, practice) -> bool:
    """Nobody reviews their own practice."""
    return (
        practice.author_id != user.pk
        and Practice.objects.filter(reviewable_q(user), pk=practice.pk).exists()
    )


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
