from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from cities.models import City
from empirie.cache import cached, changed
from meetings.models import Meeting

from .choices import ParticipationStatus, Role
from .models import Network, Participation, ParticipationEvent

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
    """A network with the people, cities and coming meeting dates its public page names."""
    staff = (
        Participation.objects.filter(
            status=ParticipationStatus.ACCEPTED, role__in=[Role.COORDINATOR, Role.EXPERT]
        )
        .select_related("person")
        .order_by("role", "person__last_name")
    )
    coming = (
        Meeting.objects.active()
        .filter(ends_at__gte=timezone.now())
        .select_related("host_city")
        .order_by("starts_at")
    )
    return (
        network_list()
        .prefetch_related(
            Prefetch("participations", queryset=staff, to_attr="public_staff"),
            Prefetch("meetings", queryset=coming, to_attr="coming_meetings"),
        )
        .filter(slug=slug)
    )


def network_public_page_cached(slug):
    """network_public_page's network, the same for everyone, cached until a network, city,
    person or meeting changes, and for an hour at most (a meeting that starts is no longer
    coming)."""
    hour = timezone.now().strftime("%Y%m%d%H")
    return cached(
        ("portal", "people", "meetings"),
        f"network-page:{slug}:{hour}",
        lambda: network_public_page(slug).first(),
    )


def network_people(network):
    """The network's people for its inside: name, city, function, role."""
    return (
        network.participations.filter(status=ParticipationStatus.ACCEPTED)
        .select_related("person__profile", "city")
        .order_by("role", "city__name", "person__last_name")
    )


def person_participations(person):
    return (
        Participation.objects.filter(person=person)
        .select_related("network", "city", "decided_by")
        .order_by("-applied_at")
    )


def pending_applications(network):
    return (
        network.participations.filter(status=ParticipationStatus.APPLIED)
        .select_related("person__profile", "city")
        .order_by("applied_at")
    )


def network_history(network):
    return (
        ParticipationEvent.objects.filter(participation__network=network)
        .select_related("participation__person", "participation__city", "actor")
        .order_by("-at", "-pk")
    )


def member_cities(network):
    """The cities whose staff are the network's members, by name."""
    return City.objects.filter(
        pk__in=network.participations.filter(
            status=ParticipationStatus.ACCEPTED, role=Role.MEMBER
        ).values("city_id")
    ).order_by("name")
