"""Who may see and do what in a network: the one place views, querysets, templates and
e-mails ask. Each rule reads the person's current profile, so a change of function or a
withdrawn verification takes effect on the next request."""

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.rules import is_verified_leader, is_zmp_administrator, profile_of
from cities.choices import ProgrammeStatus
from empirie.cache import cached

from .choices import LIVE_STATUSES, NetworkKind, ParticipationStatus, Role

# The roles that see a network's inside: its people, meetings and materials.
INSIDE_ROLES = (Role.MEMBER, Role.EXPERT, Role.COORDINATOR)
# ZMP's own people in a network: they run it, so their function does not matter.
ZMP_ROLES = (Role.EXPERT, Role.COORDINATOR)


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""

    def __bool__(self):
        return self.allowed


def roles_by_network(user) -> dict[int, set]:
    """Every role the person holds (accepted), by network: read once per request, and from
    the cache until anyone's participation changes (the "people" family)."""
    if "_network_roles" not in user.__dict__:
        from .models import Participation

        rows = cached(
            "people",
            f"roles:{user.pk}",
            lambda: list(
                Participation.objects.filter(
                    person=user, status=ParticipationStatus.ACCEPTED
                ).values_list("network_id", "role")
            ),
        )
        roles = {}
        for network_id, role in rows:
            roles.setdefault(network_id, set()).add(role)
        user.__dict__["_network_roles"] = roles
    return user.__dict__["_network_roles"]


def accepted_roles(user, network) -> set:
    """The roles the person holds in the network (accepted)."""
    if not user.is_authenticated:
        return set()
    return roles_by_network(user).get(network.pk, set())


def can_see_inside(user, network) -> bool:
    if is_zmp_administrator(user):
        return True
    roles = accepted_roles(user, network)
    if roles & set(ZMP_ROLES):
        return True
    if Role.MEMBER not in roles:
        return False
    # A closed network's members count only while their function is verified.
    return not network.is_closed or is_verified_leader(user)


def is_coordinator(user, network) -> bool:
    return is_zmp_administrator(user) or Role.COORDINATOR in accepted_roles(user, network)


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
    profile = profile_of(user)
    if profile is None or profile.city_id is None:
        return Decision(False, _("Only city staff apply to networks; your profile names no city."))
    if network.is_closed and not is_verified_leader(user):
        return Decision(
            False,
            _(
                "Only mayors, city presidents and their deputies take part in this network, "
                "once a coordinator has verified their function."
            ),
        )
    return Decision(True)


def is_coordinator_of_any(user) -> bool:
    if not user.is_authenticated:
        return False
    return any(Role.COORDINATOR in roles for roles in roles_by_network(user).values())


def inside_networks_q(user, prefix="") -> Q:
    """A Q for the networks whose inside the person sees, for any queryset to filter by."""
    if is_zmp_administrator(user):
        return Q()
    if not user.is_authenticated:
        return Q(pk__in=[])
    accepted = {
        f"{prefix}participations__person": user,
        f"{prefix}participations__status": ParticipationStatus.ACCEPTED,
    }
    staff = Q(**accepted, **{f"{prefix}participations__role__in": ZMP_ROLES})
    member = Q(**accepted, **{f"{prefix}participations__role": Role.MEMBER})
    if not is_verified_leader(user):
        member &= ~Q(**{f"{prefix}kind": NetworkKind.LEADERS})
    return staff | member


def is_observer(user, network) -> bool:
    """An accepted observer of the network. A closed network has no observers."""
    return not network.is_closed and Role.OBSERVER in accepted_roles(user, network)


def observed_networks_q(user) -> Q:
    """A Q for the networks the person observes (never a closed one)."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    return Q(
        participations__person=user,
        participations__status=ParticipationStatus.ACCEPTED,
        participations__role=Role.OBSERVER,
    ) & ~Q(kind=NetworkKind.LEADERS)
