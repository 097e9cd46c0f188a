import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as drf_filters
from django_filters.widgets import BooleanWidget

from cities.models import City
from meetings.models import Meeting


class StrictBooleanWidget(BooleanWidget):
    """true/false (or 1/0) as django-filter reads them; anything else is handed to the field
    as it came, to be refused, not read as "no filter"."""

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        given = data.get(name)
        return given if value is None and given not in (None, "") else value


class StrictBooleanField(forms.NullBooleanField):
    widget = StrictBooleanWidget
    default_error_messages = {"invalid": _("Give true or false.")}

    def to_python(self, value):
        if isinstance(value, str):  # neither true nor false (StrictBooleanWidget)
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return value


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField  # and its widget


class CityFilter(drf_filters.FilterSet):
    """The city list's filters; a value that is none of a filter's is a 400 naming it."""

    is_zmp_member = StrictBooleanFilter()

    class Meta:
        model = City
        fields = ["voivodeship", "unit_type", "is_zmp_member", "programme_status"]


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
