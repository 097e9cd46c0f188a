from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from .models import Meeting, Registration


def meetings_for(user):
    """Meetings the person may see, with what list pages show, in a fixed number of queries."""
    mine = Registration.objects.filter(meeting=OuterRef("pk"), person=user.pk)
    return (
        Meeting.objects.visible_to(user)
        .select_related("network", "host_city")
        .annotate(registered_count=Count("registrations"), is_registered=Exists(mine))
    )


def coming_meetings_for(user):
    return meetings_for(user).filter(ends_at__gte=timezone.now()).order_by("starts_at")
