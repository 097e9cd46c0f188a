"""Who sees what of the networks: the one place where the closed network's rule is written.

A person's `Access` names the networks whose inside they see, those they observe and those
they coordinate. Every model's `visible_to(user)` filters by these sets and every action rule
asks them, so a list, a page, a file, a feed and an e-mail cannot disagree. The sets, hashed,
are also the access fingerprint that keys cached pages: people with the same access share a
copy, and a withdrawn verification or a membership that ends is a new key on the very next
request, with nothing to invalidate.

The closed-network clause (`sees_inside`, `observes`, `leaves_inside_q`): a closed network (the
leaders') counts a member only while their function is verified, has no observers, and
nothing it does (results, reports) ever goes beyond its inside, whatever its stage or level.
ZMP's coordinators and experts see the inside of the networks they work in whatever their
function; ZMP's administrators see everything.
"""

import hashlib
from dataclasses import dataclass, field
from functools import cached_property

from django.contrib.postgres.aggregates import ArrayAgg
from django.contrib.postgres.fields import ArrayField
from django.db.models import CharField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Concat

from accounts.rules import (
    is_verified_leader,
    is_zmp_administrator,
    profile_of,
    unwrapped,
    verified_leader_q,
)
from accounts.selectors import person_family
from empirie.cache import cached, remembered

from .choices import NetworkKind, ParticipationStatus, Role

# ZMP's own people in a network: they run it, so their function does not matter.
ZMP_ROLES = (Role.EXPERT, Role.COORDINATOR)


def sees_inside(role: str, *, closed: bool, verified_leader: bool) -> bool:
    """Whether an accepted participation of this role opens the network's inside."""
    if role in ZMP_ROLES:
        return True
    return role == Role.MEMBER and (not closed or verified_leader)


def sees_inside_q(person: str = "person__", *, network_id: int | None = None) -> Q:
    """Accepted participations that open their network's inside, as SQL: `sees_inside`'s
    clause (the person's profile reached through `person`). For participations of one
    network known to be open, the clause without the profile's verification (no join)."""
    if network_id is not None and network_id not in closed_network_ids():
        return Q(status=ParticipationStatus.ACCEPTED, role__in=[*ZMP_ROLES, Role.MEMBER])
    return Q(status=ParticipationStatus.ACCEPTED) & (
        Q(role__in=ZMP_ROLES)
        | Q(role=Role.MEMBER)
        & (~Q(network_id__in=closed_network_ids()) | verified_leader_q(f"{person}profile__"))
    )


def observes(role: str, *, closed: bool) -> bool:
    """Whether an accepted participation of this role makes its holder an observer."""
    return role == Role.OBSERVER and not closed


def network_kinds() -> dict[int, str]:
    """Every network's kind by id, from the process's copy of the networks (no query of its
    own: a cold page reads the eight networks once, for both)."""
    from .selectors import networks_by_id  # the selectors ask this module

    return remembered(
        ("network-kinds",), lambda: {pk: network.kind for pk, network in networks_by_id().items()}
    )


def closed_network_ids() -> frozenset[int]:
    return frozenset(pk for pk, kind in network_kinds().items() if kind == NetworkKind.LEADERS)


def leaves_inside_q(network_field: str = "network") -> Q:
    """Rows (results, reports) of networks whose work may reach observers or the public:
    never a closed network's."""
    return ~Q(**{f"{network_field}_id__in": closed_network_ids()})


def leaves_inside(network) -> bool:
    return network.pk not in closed_network_ids()


def roles_by_network(user, *, fresh: bool = False) -> dict[int, set]:
    """Every role the person holds (accepted), by network, from the cache until their own
    participations change (their person family); the logged-in person brings theirs along
    (accounts.backends). `fresh`: as they are now, after a change made in this request."""
    bundled = None if fresh else unwrapped(user).__dict__.get("_network_roles")
    if bundled is not None:
        return bundled

    def read():
        from .models import Participation

        rows = cached(
            person_family(user.pk),
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
        return roles

    return read() if fresh else remembered(("roles", user.pk), read)


def accepted_roles_column():
    """For a query of people: each one's accepted roles as "network id:role" texts, read in
    the same statement as the person (accounts.backends); roles_from_column reads them."""
    from .models import Participation

    pairs = (
        Participation.objects.filter(person=OuterRef("pk"), status=ParticipationStatus.ACCEPTED)
        .order_by()
        .values("person")
        .annotate(pairs=ArrayAgg(Concat(Cast("network_id", CharField()), Value(":"), "role")))
        .values("pairs")
    )
    return Subquery(pairs, output_field=ArrayField(CharField()))


def roles_from_column(pairs) -> dict[int, set]:
    """accepted_roles_column's texts as roles_by_network gives them."""
    roles = {}
    for pair in pairs or ():
        network_id, role = pair.split(":", 1)
        roles.setdefault(int(network_id), set()).add(role)
    return roles


@dataclass(frozen=True)
class Access:
    """What a person may see of the networks (ids), and the fingerprint of it."""

    authenticated: bool = False
    administrator: bool = False
    verified_leader: bool = False
    inside: frozenset = field(default_factory=frozenset)
    observed: frozenset = field(default_factory=frozenset)
    coordinated: frozenset = field(default_factory=frozenset)

    @property
    def reviewer(self) -> bool:
        """Coordinators and administrators review practices (unrestricted ones, and those
        restricted to a network they coordinate)."""
        return self.administrator or bool(self.coordinated)

    @cached_property
    def fingerprint(self) -> str:
        """A short hash of everything above: equal for people who may see the same."""
        facts = (
            self.authenticated,
            self.administrator,
            self.verified_leader,
            sorted(self.inside),
            sorted(self.observed),
            sorted(self.coordinated),
        )
        return hashlib.sha256(repr(facts).encode()).hexdigest()[:20]


NOBODY = Access()


def access_of(user, *, fresh: bool = False) -> Access:
    """The person's access, worked out from their account, profile and roles (`fresh`: as
    they are now, after a change made in this request)."""
    if not user.is_authenticated or not user.is_active:
        return NOBODY
    if fresh:
        return _access(user, fresh=True)
    profile = profile_of(user)
    facts = (
        user.pk,
        user.is_superuser,
        getattr(profile, "function", None),
        getattr(profile, "function_status", None),
    )
    return remembered(("access", facts), lambda: _access(user))


def _access(user, *, fresh: bool = False) -> Access:
    if is_zmp_administrator(user):
        every = frozenset(network_kinds())
        return Access(
            authenticated=True,
            administrator=True,
            verified_leader=is_verified_leader(user),
            inside=every,
            coordinated=every,
        )
    closed = closed_network_ids()
    leader = is_verified_leader(user)
    roles = roles_by_network(user, fresh=fresh)

    def where(test):
        return frozenset(pk for pk, held in roles.items() if any(test(pk, r) for r in held))

    return Access(
        authenticated=True,
        verified_leader=leader,
        inside=where(
            lambda pk, role: sees_inside(role, closed=pk in closed, verified_leader=leader)
        ),
        observed=where(lambda pk, role: observes(role, closed=pk in closed)),
        coordinated=where(lambda pk, role: role == Role.COORDINATOR),
    )


def people_of(
    network,
    *,
    inside: bool = True,
    observers: bool = False,
    besides=None,
    among=None,
    where=None,
    first: int | None = None,
) -> list:
    """The active people who see the network's inside and/or observe it, by the same clause:
    whom the network's news is for (`among`: of these people's ids only; `where`: a further
    condition on their participations, such as a name; `first`: of the first so many
    participations in the people's alphabetical order only, for a list that shows a few)."""
    from .models import Participation

    rows = Participation.objects.filter(
        network=network, status=ParticipationStatus.ACCEPTED, person__is_active=True
    ).select_related("person__profile")
    if besides is not None:
        rows = rows.exclude(person=besides)
    if among is not None:
        rows = rows.filter(person_id__in=among)
    if where is not None:
        rows = rows.filter(where)
    closed = network.pk in closed_network_ids()
    people = {}
    if first is None:
        rows = rows.order_by("person_id").iterator(chunk_size=500)
    else:
        # A few rows, read at once: through a cursor, PostgreSQL would plan for the first rows
        # of many and walk every account in alphabetical order to find them.
        rows = rows.order_by("person__sort_key", "person_id")[:first]
    for participation in rows:
        person, role = participation.person, participation.role
        if (
            inside and sees_inside(role, closed=closed, verified_leader=is_verified_leader(person))
        ) or (observers and observes(role, closed=closed)):
            people[person.pk] = person
    return list(people.values())
