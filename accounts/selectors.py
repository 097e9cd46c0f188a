from django.db.models import Case, IntegerField, Value, When

from .choices import LEADER_FUNCTIONS, FunctionStatus
from .models import Notification, Profile


def functions_to_verify():
    """People who declared a leader's function: awaiting verification first."""
    return (
        Profile.objects.filter(function__in=LEADER_FUNCTIONS)
        .select_related("user", "city", "function_verified_by")
        .annotate(
            waiting=Case(
                When(function_status=FunctionStatus.DECLARED, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("waiting", "city__name", "user__last_name")
    )


def notifications_of(person):
    return Notification.objects.visible_to(person)


def unread_count(person) -> int:
    return notifications_of(person).filter(read_at__isnull=True).count()
