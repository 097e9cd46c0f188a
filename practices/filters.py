import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cities.choices import UnitType, Voivodeship
from empirie import filters
from empirie.widgets import QuickSelect
from networks.models import Network
from search.query import understood

from . import selectors
from .choices import PopulationBand
from .forms import CategoryTree
from .models import Practice


class CategoryFilter(filters.ModelChoiceFilter):
    """The category tree, as the practice's form lists it; a top category finds its
    sub-categories' practices too (in_category)."""

    field_class = type("CategoryFilterField", (CategoryTree, filters.ListedModelChoiceField), {})


class PracticeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search_text", max_length=200)
    category = CategoryFilter(
        widget=QuickSelect,
        label=_("Category"),
        method="in_category",
        empty_label=_("all categories"),
    )
    voivodeship = django_filters.ChoiceFilter(
        widget=QuickSelect,
        label=_("Voivodeship"), field_name="city__voivodeship", choices=Voivodeship.choices,
        empty_label=_("all voivodeships"),
    )  # fmt: skip
    unit_type = django_filters.ChoiceFilter(
        widget=QuickSelect,
        label=_("Unit type"), field_name="city__unit_type", choices=UnitType.choices,
        empty_label=_("any unit type"),
    )  # fmt: skip
    population = django_filters.ChoiceFilter(
        widget=QuickSelect,
        label=_("City size"), choices=PopulationBand.choices, method="in_band",
        empty_label=_("any size"),
    )  # fmt: skip
    network = filters.ModelChoiceFilter(
        widget=QuickSelect,
        label=_("Network"), field_name="networks", queryset=Network.objects.none(),
        empty_label=_("all networks"),
    )  # fmt: skip
    # Set by a click on the map; shown as the city's name above the results.
    city = django_filters.CharFilter(
        field_name="city__slug", max_length=120, widget=forms.HiddenInput
    )
    year = django_filters.NumberFilter(
        label=_("Year"),
        field_name="published_at",
        lookup_expr="year",
        min_value=1990,
        max_value=2100,
    )

    class Meta:
        model = Practice
        fields = [
            "q", "category", "voivodeship", "unit_type", "population", "network", "city", "year",
        ]  # fmt: skip

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["network"].queryset = Network.objects.all()
        self.user = user
        self.asked = None

    def search_text(self, queryset, name, value):
        if not value.strip():
            return queryset
        # Kept for the page: corrections made, or only some of the words found.
        self.asked = understood(value)
        return selectors.search(queryset, self.asked)

    def in_category(self, queryset, name, value):
        return queryset.filter(Q(category=value) | Q(category__parent=value))

    def in_band(self, queryset, name, value):
        low, high = selectors.population_range(value)
        queryset = queryset.filter(city__population__gte=low)
        return queryset.filter(city__population__lt=high) if high else queryset
