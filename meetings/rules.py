"""What a person may do with meetings: schedule them, register. Who sees a meeting, its
report and its files is each model's `visible_to`; these rules read the same access."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from networks import rules as network_rules
from networks.access import leaves_inside
from networks.rules import Decision

from .choices import PublicationLevel


def can_schedule(user, network) -> bool:
    return network_rules.is_coordinator(user, network)


def can_register(user, meeting, *, taken: int) -> Decision:
    """`taken` is the number of places already taken (the caller counts them once)."""
    if not network_rules.can_see_inside(user, meeting.network):
        return Decision(False, _("Only the network's members register for its meetings."))
    if network_rules.is_coordinator(user, meeting.network):
        return Decision(
            False,
            _("You run this meeting as the network's coordinator: its members register, "
              "and you see who did below."),
        )  # fmt: skip
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


def can_cancel(meeting) -> Decision:
    """A meeting is cancelled before it starts; one that took place has a report instead."""
    if meeting.is_cancelled:
        return Decision(False, _("This meeting has been cancelled."))
    if meeting.starts_at <= timezone.now():
        return Decision(False, _("A meeting that has started can no longer be cancelled."))
    return Decision(True)


def can_close(meeting) -> Decision:
    """Report and attendance record what happened, so they wait until the meeting starts."""
    if meeting.is_cancelled:
        return Decision(False, _("This meeting has been cancelled."))
    if meeting.starts_at > timezone.now():
        return Decision(
            False,
            _("The report and the attendance can be written once the meeting has started."),
        )
    return Decision(True)


def report_levels(network) -> list[str]:
    """Who a report may be published to: a closed network's stay with its members."""
    if leaves_inside(network):
        return list(PublicationLevel.values)
    return [PublicationLevel.MEMBERS]
