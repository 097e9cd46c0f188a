from django.db.models import Count, Prefetch, Q

from .choices import ParticipationStatus, Role
from .models import Network, Participation

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


def network_public_page(slug):
    """A network with the people and cities its public page names."""
    staff = (
        Participation.objects.filter(
            status=ParticipationStatus.ACCEPTED, role__in=[Role.COORDINATOR, Role.EXPERT]
        )
        .select_related("person")
        .order_by("role", "person__last_name")
    )
    members = (
        Participation.objects.filter(status=ParticipationStatus.ACCEPTED, role=Role.MEMBER)
        .exclude(city=None)
        .select_related("city")
        .order_by("city__name")
    )
    return (
        network_list()
        .prefetch_related(
            Prefetch("participations", queryset=staff, to_attr="public_staff"),
            Prefetch("participations", queryset=members, to_attr="member_participations"),
        )
        .filter(slug=slug)
    )
