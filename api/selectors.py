"""What the API reads: every row through its model's visible_to (or a public selection), with
its relations loaded in a fixed number of queries however many rows a page has."""

from django.db.models import Prefetch

from accounts.models import Notification
from cities.models import City
from meetings.models import Meeting, MeetingReport, Registration
from networks.choices import Role
from networks.models import Network, Participation
from practices import selectors as practice_selectors
from practices.models import Tag, Transfer
from results import selectors as result_selectors

from .models import ApiToken


def networks():
    """Every network with its member cities, as its public page names them (public)."""
    members = (
        Participation.objects.public_composition()
        .filter(role=Role.MEMBER, city__isnull=False)
        .select_related("city")
        .order_by("city__sort_key", "pk")
    )
    return Network.objects.prefetch_related(
        Prefetch("participations", queryset=members, to_attr="member_rows")
    ).order_by("number", "pk")


def cities():
    return City.objects.order_by("sort_key", "pk")


def published_practices(user, *, card=False):
    """The published practices the person may see (the list's own selection), with their
    record card's parts."""
    # Newest first, as the practice's page lists them (Transfer.Meta.ordering).
    transfers = Transfer.objects.select_related("city").order_by("-recorded_at", "-pk")
    # As lists (to_attr): a manager's queryset built for each of a page's 50 rows and each
    # relation cost more than the three queries themselves.
    practices = practice_selectors.published_for(user).prefetch_related(
        Prefetch("networks", queryset=Network.objects.only("slug", "name"), to_attr="network_rows"),
        Prefetch("tags", queryset=Tag.objects.all(), to_attr="tag_rows"),
        Prefetch("transfers", queryset=transfers, to_attr="transfer_rows"),
    )
    if card:
        return practices.prefetch_related("contacts")
    return practice_selectors.as_list_rows(practices)


def results(user):
    """The results the person may read (the results list's own selection)."""
    return result_selectors.results_for(user).order_by("-updated_at", "-pk")


def meeting_reports(user):
    """The published reports of meetings the person may read."""
    return (
        MeetingReport.objects.visible_to(user)
        .filter(published_at__isnull=False)
        .select_related("meeting__network", "meeting__host_city")
        .order_by("-meeting__starts_at", "-pk")
    )


def memberships(user):
    """The person's own participations (their networks and applications)."""
    return (
        Participation.objects.visible_to(user)
        .filter(person=user)
        .select_related("network", "city")
        .order_by("network__number", "pk")
    )


def meetings(user):
    """The meetings the person may see, each with their own registration (if any)."""
    mine = Registration.objects.visible_to(user).filter(person=user)
    return (
        Meeting.objects.visible_to(user)
        .select_related("network", "host_city")
        .prefetch_related(Prefetch("registrations", queryset=mine, to_attr="mine"))
        .order_by("-starts_at", "-pk")
    )


def notifications(user):
    return (
        Notification.objects.visible_to(user)
        .select_related("network")
        .order_by("-created_at", "-pk")
    )


def tokens_of(user):
    """The person's live tokens, for their profile page."""
    return ApiToken.objects.visible_to(user).live()
