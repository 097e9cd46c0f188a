from django.db.models import Count, Q
from django.utils import timezone

from .models import Invitation, InvitationState


def network_invitations(user, network, state=None):
    """The network's invitations the person may see, newest first, with whoever they name."""
    rows = Invitation.objects.visible_to(user).filter(network=network)
    if state:
        rows = rows.in_state(state)
    return rows.select_related(
        "invited_by", "accepted_by__profile", "revoked_by", "city", "participation"
    ).order_by("-created_at", "-pk")


def state_counts(user, network) -> dict:
    """How many of the network's invitations are in each state, in one query."""
    now = timezone.now()
    open_ = Q(accepted_at__isnull=True, revoked_at__isnull=True)
    counts = (
        Invitation.objects.visible_to(user)
        .filter(network=network)
        .aggregate(
            **{
                InvitationState.PENDING: Count("pk", filter=open_ & Q(expires_at__gt=now)),
                InvitationState.ACCEPTED: Count("pk", filter=Q(accepted_at__isnull=False)),
                InvitationState.EXPIRED: Count("pk", filter=open_ & Q(expires_at__lte=now)),
                InvitationState.REVOKED: Count("pk", filter=Q(revoked_at__isnull=False)),
            }
        )
    )
    counts["all"] = sum(counts.values())
    return counts
