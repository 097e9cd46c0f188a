from typing import NamedTuple

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery

from accounts.choices import Function
from accounts.models import Profile, public_name
from cities.models import City
from empirie.cache import cached, changed, remembered

from .access import access_of
from .choices import CITY_BOUND_ROLES, ParticipationStatus, Role
from .models import Continuation, Edition, Network, Participation, ParticipationEvent

ACCEPTED = Q(participations__status=ParticipationStatus.ACCEPTED)


def network_list():
    """Every network with the number of its member cities, in one query."""
    return Network.objects.annotate(
        member_city_count=Count(
            "participations__city",
            filter=ACCEPTED & Q(participations__role=Role.MEMBER),
            distinct=True,
        )
    )


def network_list_cached():
    """network_list for the home page: public facts, the same for everyone, so one cached
    copy serves all until a network or a membership changes."""
    return cached("networks", "list", lambda: list(network_list()))


def networks_changed() -> None:
    changed("networks")


def network_public_page(slug):
    """A network with the people and number of member cities its public page names: public,
    as ZMP publishes who takes part, the leaders' network included."""
    staff = (
        Participation.objects.public_composition()
        .filter(role__in=[Role.COORDINATOR, Role.EXPERT])
        .select_related("person")
        .order_by("role", "person__sort_key")
    )
    return (
        network_list()
        .prefetch_related(Prefetch("participations", queryset=staff, to_attr="public_staff"))
        .filter(slug=slug)
    )


def network_people_family(network_id) -> str:
    """The cache family of who takes part in one network: their participations, names and
    functions (networks.signals makes it stale)."""
    return f"network-people:{network_id}"


def networks_by_id() -> dict:
    """Every network by id (eight rows), kept in the process until a network changes: pages
    of one network, and lists that name several, take theirs from here rather than from a
    query or a join; the closed network's rule (networks.access) its kinds."""
    return remembered(
        "networks-by-id",
        lambda: cached(
            "networks",
            "networks-by-id",
            lambda: {network.pk: network for network in Network.objects.order_by("number")},
            in_process=True,
        ),
    )


def network_ids_by_slug() -> dict:
    return remembered(
        "network-slugs", lambda: {network.slug: pk for pk, network in networks_by_id().items()}
    )


def network_by_slug(slug):
    """The network of a URL, or None (no query for a slug no network has)."""
    network_id = network_ids_by_slug().get(slug)
    return None if network_id is None else networks_by_id()[network_id]


def with_networks(rows):
    """The rows (read without joining their network) each with its network, from
    networks_by_id: a list that names networks joins no table for them."""
    networks = networks_by_id()
    for row in rows:
        row.network = networks[row.network_id]
    return rows


def network_public_page_cached(slug):
    """network_public_page's network, the same for everyone, cached until a network or city
    changes, or someone in this network does."""
    network_id = network_ids_by_slug().get(slug)
    if network_id is None:
        return None
    return cached(
        ("portal", network_people_family(network_id)),
        f"network-page:{network_id}",
        lambda: network_public_page(slug).first(),
    )


class PersonInNetwork(NamedTuple):
    """A row of the network's people, as its inside shows it."""

    name: str
    city: str | None
    function: str | None
    role: str
    person_id: int | None = None
    holds_seat: bool = False  # a city's seat, which a coordinator may hand to a successor


def network_people(user, network):
    """The network's people for its inside, as values (role, city, first and last name,
    active, function): what the table shows, not whole accounts, as a large network's page
    sorts hundreds. The function is a subquery, which PostgreSQL reads for the page's rows
    only, after sorting, rather than joined to every row before it."""
    function = Profile.objects.filter(user=OuterRef("person_id")).values("function")
    return (
        Participation.objects.visible_to(user, network=network)
        .filter(status=ParticipationStatus.ACCEPTED)
        .annotate(function=Subquery(function))
        .order_by("role", "sort_key")  # by city, then name: the participation's own key
        .values_list(
            "role",
            "city__name",
            "person__first_name",
            "person__last_name",
            "person__is_active",
            "function",
            "person_id",
        )
    )


def network_people_count(user, network) -> int:
    """How many rows network_people has."""
    return (
        Participation.objects.visible_to(user, network=network)
        .filter(status=ParticipationStatus.ACCEPTED)
        .count()
    )


# Values to their (lazy, so translated when shown) labels.
FUNCTION_LABELS, ROLE_LABELS = dict(Function.choices), dict(Role.choices)


def people_rows(rows) -> list[PersonInNetwork]:
    """network_people's rows, named and labelled for the table."""
    return [
        PersonInNetwork(
            name=public_name(first_name, last_name, is_active=is_active),
            city=city,
            function=FUNCTION_LABELS.get(function, function),
            role=ROLE_LABELS.get(role, role),
            person_id=person_id,
            holds_seat=role in CITY_BOUND_ROLES,
        )
        for role, city, first_name, last_name, is_active, function, person_id in rows
    ]


def person_participations(person):
    """The person's own participations, each ended one with how it ended (its last step)."""
    last_step = ParticipationEvent.objects.filter(participation=OuterRef("pk")).order_by(
        "-at", "-pk"
    )
    return (
        Participation.objects.visible_to(person)
        .filter(person=person)
        .select_related("network", "city", "decided_by")
        .annotate(
            last_action=Subquery(last_step.values("action")[:1]),
            last_actor=Subquery(last_step.values("actor_id")[:1]),
        )
        .order_by("-applied_at")
    )


def pending_applications(user, network):
    return (
        Participation.objects.visible_to(user, network=network)
        .filter(status=ParticipationStatus.APPLIED)
        .select_related("person__profile", "city")
        .order_by("applied_at")
    )


def network_history(user, network):
    return (
        ParticipationEvent.objects.filter(
            participation__in=Participation.objects.visible_to(user, network=network)
        )
        .select_related("participation__person", "participation__city", "actor")
        .order_by("-at", "-pk")
    )


def member_cities(network):
    """The cities whose staff are the network's members, by name (public)."""
    members = Participation.objects.public_composition().filter(network=network, role=Role.MEMBER)
    return City.objects.filter(pk__in=members.values("city_id")).order_by("sort_key")


def applications_to_decide(user):
    """Applications awaiting a decision in the networks the person coordinates (every
    network, for administrators), the longest waiting first: their desk's queue."""
    return (
        Participation.objects.visible_to(user)
        .filter(status=ParticipationStatus.APPLIED, network_id__in=access_of(user).coordinated)
        .select_related("person", "city", "network")
        .order_by("applied_at", "pk")
    )


def networks_of(user):
    """The person's accepted roles (observers' too) and the applications awaiting a decision,
    by network number; their networks from with_networks."""
    return (
        Participation.objects.visible_to(user)
        .filter(
            person=user,
            status__in=[ParticipationStatus.ACCEPTED, ParticipationStatus.APPLIED],
        )
        .order_by("network__number")
    )


def asked_to_continue() -> dict:
    """Annotations of a participation: its unanswered request to continue in its network's
    open edition (id, when asked, the edition's name), None when there is none."""
    asked = Continuation.objects.filter(
        participation=OuterRef("pk"), confirmed_at=None, ended_at=None, cancelled_at=None,
        edition__closed_at=None,
    )  # fmt: skip
    return {
        "continuation_id": Subquery(asked.values("pk")[:1]),
        "continuation_asked_at": Subquery(asked.values("asked_at")[:1]),
        "continuation_edition": Subquery(asked.values("edition__name")[:1]),
    }


def network_editions(network) -> list:
    """The network's editions, the newest first (the open one, if any, among them)."""
    return list(Edition.objects.filter(network=network).order_by("-number"))
