"""What a person may do in a network: the action rules views, services and templates ask.
What they may see is `networks.access` (and each model's `visible_to`); these rules read the
same access, so a change of function or a withdrawn verification counts on the next request."""

from dataclasses import dataclass

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
