from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cities.choices import Voivodeship
from empirie.i18n import QUARTER_NAMES
from empirie.widgets import QuickSelect
from networks.models import Network

from .periods import Period

FIRST_YEAR, LAST_YEAR = 2000, 2100  # as meetings' dates (meetings.models.MEETING_YEARS)


class FiguresFilter(forms.Form):
    """The statistics' filters, sent by GET (a plain form: it works without JavaScript). The
    networks offered are those the page may show: every network on the public page, the
    person's own on the staff page; any other value is an error at its field, never a 500."""

    network = forms.ModelChoiceField(
        label=_("Network"),
        queryset=Network.objects.none(),
        required=False,
        empty_label=_("all networks"),
        widget=QuickSelect,
        error_messages={"invalid_choice": _("Choose one of the networks in the list.")},
    )
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        error_messages={
            "invalid": _("Give the year as a number, such as 2023."),
            "min_value": _("Give a year from 2000 to 2100."),
            "max_value": _("Give a year from 2000 to 2100."),
        },
    )
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("the whole year")), *QUARTER_NAMES.items()],
        widget=QuickSelect,
        error_messages={"invalid_choice": _("Choose a quarter from the list.")},
    )
    voivodeship = forms.ChoiceField(
        label=_("Voivodeship"),
        required=False,
        choices=[("", _("all voivodeships")), *Voivodeship.choices],
        widget=QuickSelect,
        error_messages={"invalid_choice": _("Choose a voivodeship from the list.")},
    )

    def __init__(self, *args, networks, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["network"]
        field.queryset = networks
        # The options from one plain query: Django's choice iterator reads the queryset
        # through a server-side cursor (DECLARE, FETCH, CLOSE: round trips on every page).
        field.widget.choices = [
            ("", field.empty_label),
            *((network.pk, field.label_from_instance(network)) for network in networks),
        ]

    def clean(self):
        data = super().clean()
        if data.get("quarter") and not data.get("year") and "year" not in self.errors:
            self.add_error("quarter", _("Choose the year too: a quarter is of one year."))
        return data

    def period(self) -> Period:
        data = self.cleaned_data
        return Period.of(data.get("year"), data.get("quarter"), today=timezone.localdate())


def bound(data, *, networks) -> FiguresFilter:
    """The filters as asked; only the parameters the page reads (any other is ignored)."""
    asked = {name: data.get(name, "") for name in FiguresFilter.base_fields if name in data}
    return FiguresFilter(asked, networks=networks)
