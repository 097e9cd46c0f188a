from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _

from empirie.i18n import Quarter

from .report import Period, PeriodKind, quarters_offered, years_offered


def quarter_value(quarter: Quarter) -> str:
    return f"{quarter.year}-{quarter.number}"


class ReportPeriodForm(forms.Form):
    """Which period the report covers, from the query string: a quarter, a year or the whole
    cycle. A value that is not one of the choices is a form error, never a server error."""

    okres = forms.ChoiceField(
        label=_("Period"),
        choices=PeriodKind.CHOICES,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose a quarter, a year or the whole cycle.")},
    )
    kwartal = forms.ChoiceField(
        label=_("Quarter"),
        required=False,
        help_text=_("For a report of a quarter."),
        error_messages={"invalid_choice": _("Choose one of the quarters in the list.")},
    )
    rok = forms.ChoiceField(
        label=_("Year"),
        required=False,
        help_text=_("For a report of a year."),
        error_messages={"invalid_choice": _("Choose one of the years in the list.")},
    )

    def __init__(self, data=None, **kwargs):
        # No period asked: the whole cycle.
        if data is not None and not data.get("okres"):
            data = data.copy()
            data["okres"] = PeriodKind.CYCLE
        super().__init__(data, **kwargs)
        self.fields["kwartal"].choices = [("", "—")] + [
            (quarter_value(quarter), str(quarter)) for quarter in reversed(quarters_offered())
        ]
        self.fields["rok"].choices = [("", "—")] + [
            (str(year), str(year)) for year in reversed(years_offered())
        ]

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("okres")
        if kind == PeriodKind.QUARTER and not cleaned.get("kwartal"):
            self.add_error("kwartal", _("Choose the quarter."))
        if kind == PeriodKind.YEAR and not cleaned.get("rok"):
            self.add_error("rok", _("Choose the year."))
        return cleaned

    def period(self) -> Period:
        kind = self.cleaned_data["okres"]
        if kind == PeriodKind.QUARTER:
            year, number = self.cleaned_data["kwartal"].split("-")
            return Period.quarter(Quarter(int(year), int(number)))
        if kind == PeriodKind.YEAR:
            return Period.year(int(self.cleaned_data["rok"]))
        return Period.cycle()

    def query(self) -> str:
        """The period as the query string the downloads repeat."""
        kind = self.cleaned_data["okres"]
        params = {"okres": kind}
        if kind == PeriodKind.QUARTER:
            params["kwartal"] = self.cleaned_data["kwartal"]
        elif kind == PeriodKind.YEAR:
            params["rok"] = self.cleaned_data["rok"]
        return urlencode(params)
