import django_filters
from django.utils.translation import gettext_lazy as _

from cities.models import City
from empirie import filters
from empirie.i18n import QUARTER_NAMES
from empirie.widgets import QuickSelect
from networks.models import Network

from .choices import MeetingFormat
from .models import Meeting

QUARTERS = list(QUARTER_NAMES.items())


class MeetingArchiveFilter(django_filters.FilterSet):
    """The archive's filters; the querysets of choices are narrowed to what the person sees."""

    network = filters.ModelChoiceFilter(
        widget=QuickSelect,
        label=_("Network"),
        queryset=Network.objects.none(),
        empty_label=_("all networks"),
    )
    year = django_filters.NumberFilter(
        label=_("Year"), field_name="starts_at", lookup_expr="year", min_value=2000, max_value=2100
    )
    quarter = django_filters.ChoiceFilter(
        widget=QuickSelect,
        label=_("Quarter"),
        field_name="starts_at",
        lookup_expr="quarter",  # in Warsaw time, as USE_TZ converts before extracting
        choices=QUARTERS,
        empty_label=_("any quarter"),
    )
    host_city = filters.ModelChoiceFilter(
        widget=QuickSelect,
        label=_("Host city"),
        queryset=City.objects.none(),
        empty_label=_("any city"),
    )
    format = django_filters.ChoiceFilter(
        widget=QuickSelect,
        label=_("Format"),
        choices=MeetingFormat.choices,
        empty_label=_("any format"),
    )

    class Meta:
        model = Meeting
        fields = ["network", "year", "quarter", "host_city", "format"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["network"].queryset = Network.objects.with_inside_visible_to(user)
        self.filters["host_city"].queryset = (
            City.objects.filter(hosted_meetings__in=Meeting.objects.visible_to(user))
            .distinct()
            .order_by("sort_key")
        )
