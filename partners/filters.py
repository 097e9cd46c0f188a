import django_filters
from django.db.models import CharField, Func
from django.utils.translation import gettext_lazy as _

from accounts.models import PartnerCard
from cities.models import City
from empirie import filters
from empirie.widgets import QuickSelect


class DirectoryFilter(django_filters.FilterSet):
    """The directory's filters: an area of expertise and a city, each chosen from those of
    the cards listed (read in one query each, whatever the number of cards)."""

    expertise = django_filters.ChoiceFilter(
        widget=QuickSelect, label=_("Area of expertise"), method="with_expertise",
        empty_label=_("any area"),
    )  # fmt: skip
    city = filters.ModelChoiceFilter(
        widget=QuickSelect, label=_("City"), field_name="user__profile__city",
        queryset=City.objects.none(), empty_label=_("any city"),
    )  # fmt: skip

    class Meta:
        model = PartnerCard
        fields = ["expertise", "city"]

    def __init__(self, *args, cards, **kwargs):
        super().__init__(*args, queryset=cards, **kwargs)
        tags = (
            cards.order_by()
            .annotate(tag=Func("expertise", function="unnest", output_field=CharField()))
            .values_list("tag", flat=True)
            .distinct()
        )
        self.filters["expertise"].extra["choices"] = [(tag, tag) for tag in sorted(tags)]
        self.filters["city"].queryset = City.objects.filter(
            pk__in=cards.order_by().values("user__profile__city")
        ).order_by("sort_key")

    def with_expertise(self, queryset, name, value):
        return queryset.filter(expertise__contains=[value])
