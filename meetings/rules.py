"""Who may see, schedule and register for meetings; built on the networks' rules."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from networks import rules as network_rules
from networks.choices import Role
from networks.rules import Decision

from .choices import PublicationLevel


def can_see(user, meeting) -> bool:
    return network_rules.can_see_inside(user, meeting.network)


def can_schedule(user, network) -> bool:
    return network_rules.is_coordinator(user, network)


def can_register(user, meeting, *, taken: int) -> Decision:
    """`taken` is the number of places already taken (the caller counts them once)."""
    if not can_see(user, meeting):  # the inside: members, experts, coordinators
        return Decision(False, _("Only the network's members register for its meetings."))
    now = timezone.now()
    if meeting.is_cancelled:
        return Decision(False, _("This meeting has been cancelled."))
    if meeting.starts_at <= now:
        return Decision(False, _("This meeting has already started."))
    if meeting.registration_deadline and meeting.registration_deadline < now:
        return Decision(False, _("Registration closed on the deadline."))
    if meeting.capacity is not None and taken >= meeting.capacity:
        return Decision(False, _("All places have been taken."))
    return Decision(True)


def can_read_report(user, meeting, report) -> bool:
    """A published report, its photos and attachments, by the level the coordinator chose;
    a closed network's never leave its inside. Drafts are for coordinators."""
    if report is None or report.published_at is None:
        return can_schedule(user, meeting.network)
    if can_see(user, meeting):
        return True
    if meeting.network.is_closed:
        return False
    if report.level == PublicationLevel.PUBLIC:
        return True
    return report.level == PublicationLevel.OBSERVERS and Role.OBSERVER in (
        network_rules.accepted_roles(user, meeting.network)
    )
