import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.models import Meeting


class MeetingFilter(django_filters.FilterSet):
    when = django_filters.ChoiceFilter(
        label=_("When"),
        choices=[("coming", _("coming")), ("past", _("past"))],
        method="by_time",
    )

    class Meta:
        model = Meeting
        fields = ["when"]

    def by_time(self, queryset, name, value):
        now = timezone.now()
        return (
            queryset.filter(ends_at__gte=now)
            if value == "coming"
            else queryset.filter(ends_at__lt=now)
        )
