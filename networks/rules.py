"""What a person may do in a network: the action rules views, services and templates ask.
What they may see is `networks.access` (and each model's `visible_to`); these rules read the
same access, so a change of function or a withdrawn verification counts on the next request."""

import datetime as dt
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accounts.rules import is_verified_leader, profile_of
from cities.choices import ProgrammeStatus

from .access import access_of, roles_by_network
from .choices import LIVE_STATUSES, ParticipationStatus, Role


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""

    def __bool__(self):
        return self.allowed


def accepted_roles(user, network) -> set:
    """The roles the person holds in the network (accepted)."""
    if not user.is_authenticated:
        return set()
    return roles_by_network(user).get(network.pk, set())


def can_see_inside(user, network) -> bool:
    return network.pk in access_of(user).inside


def is_coordinator(user, network) -> bool:
    return network.pk in access_of(user).coordinated


def is_observer(user, network) -> bool:
    """An accepted observer of the network. A closed network has no observers."""
    return network.pk in access_of(user).observed


def application_roles(user, network) -> list:
    """The roles the person could apply for in this network, as far as their profile goes."""
    profile = profile_of(user)
    if profile is None or profile.city_id is None:
        return []
    if network.is_closed:
        return [Role.MEMBER] if is_verified_leader(user) else []
    if profile.city.programme_status == ProgrammeStatus.OBSERVER:
        return [Role.OBSERVER]
    return [Role.MEMBER]


def can_apply(user, network) -> Decision:
    if not user.is_authenticated:
        return Decision(False, _("Log in to apply to this network."))
    if network.participations.filter(person=user, status__in=LIVE_STATUSES).exists():
        return Decision(False, _("You already take part in this network or have applied to it."))
    # The closed network's rule first: it is what anyone not a verified leader needs to hear.
    if network.is_closed and not is_verified_leader(user):
        return Decision(
            False,
            _(
                "Only mayors, city presidents and their deputies take part in this network, "
                "once a coordinator has verified their function."
            ),
        )
    profile = profile_of(user)
    if profile is None or profile.city_id is None:
        return Decision(False, _("Only city staff apply to networks; your profile names no city."))
    return Decision(True)


def acceptance(person, network, role) -> Decision:
    """Whether the person may be accepted in the role now: a closed network takes a member only
    while their function is verified (an application decided, an invitation accepted)."""
    if network.is_closed and role == Role.MEMBER and not is_verified_leader(person):
        return Decision(
            False, _("The applicant's function is no longer verified; verify it first.")
        )
    return Decision(True)


def is_coordinator_of_any(user) -> bool:
    if not user.is_authenticated:
        return False
    return any(Role.COORDINATOR in roles for roles in roles_by_network(user).values())


def can_leave(participation) -> Decision:
    """Anyone withdraws their application; a member or observer leaves by themselves; ZMP names
    coordinators and experts, so their role ends through ZMP, not by a member's button."""
    if participation.status == ParticipationStatus.ACCEPTED and participation.role in (
        Role.COORDINATOR,
        Role.EXPERT,
    ):
        return Decision(
            False,
            _("ZMP names the network's coordinators and experts: to end your role, write to "
              "ZMP's administrators."),
        )  # fmt: skip
    return Decision(True)


def can_manage_editions(user, network) -> bool:
    """Closing an edition and opening the next: the network's coordinator or an administrator."""
    access = access_of(user)
    return access.administrator or network.pk in access.coordinated


def can_see_editions(user, network) -> bool:
    """A network's editions are named on its public page; the leaders' network's only to those
    who see its inside (what it does and when is closed)."""
    return not network.is_closed or can_see_inside(user, network)


def in_closed_edition(work) -> bool:
    """A meeting, result or thread of a closed edition belongs to its archive: read, written
    in no more (callers load it with its edition)."""
    return work.edition_id is not None and work.edition.is_closed


def can_answer_continuation(user, network) -> bool:
    """Who sees a request to continue (its notification, its page) and so may be asked, and
    may leave for not answering: whoever sees the network's editions (a leaders' member
    awaiting the verification of their function does not)."""
    return can_see_editions(user, network)


# An edition starts in this century and within a year from the day it is opened.
EARLIEST_EDITION_START = dt.date(2000, 1, 1)
EDITION_OPENS_AHEAD = dt.timedelta(days=366)


def edition_start(network, starts_on, *, today) -> Decision:
    """Whether the next edition may start on that day: not before the previous edition ended
    (or started), not before 2000, not more than a year ahead."""
    from .models import Edition

    if starts_on < EARLIEST_EDITION_START:
        return Decision(False, _("An edition starts on 1 January 2000 or later."))
    if starts_on > today + EDITION_OPENS_AHEAD:
        return Decision(False, _("An edition starts at most a year from today."))
    previous = Edition.objects.filter(network=network).order_by("-number").first()
    if previous is not None:
        since = previous.ends_on or previous.starts_on
        if starts_on < since:
            return Decision(
                False,
                _("The edition starts on %(day)s or later: the previous edition, %(edition)s, "
                  "lasted until then.") % {"day": date_format(since, "j E Y"),
                                           "edition": previous.name},
            )  # fmt: skip
    return Decision(True)


def can_close_edition(edition, *, today) -> Decision:
    """An edition is closed once it has started: it ends on the day it is closed."""
    if edition.starts_on > today:
        return Decision(
            False,
            _("The edition %(edition)s has not started yet (it starts on %(day)s): it cannot "
              "be closed before it starts.") % {"edition": edition.name,
                                                "day": date_format(edition.starts_on, "j E Y")},
        )  # fmt: skip
    return Decision(True)


def coming_meetings(edition):
    """The edition's meetings not cancelled that have not ended yet: closing the edition
    leaves them taking no registrations until the next edition opens and takes them in."""
    from django.utils import timezone

    return edition.meetings.filter(cancelled_at__isnull=True, ends_at__gte=timezone.now())
