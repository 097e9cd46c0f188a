from django import forms
from django.utils.translation import gettext_lazy as _

from empirie.forms import OneLineField

from .choices import PlanKind, ProgrammeStatus
from .models import PLAN_FIRST_YEAR, PLAN_LAST_YEAR

YEAR_ERRORS = {
    "required": _("Give the year, like 2022."),
    "invalid": _("Give the year in digits, like 2022."),
    "min_value": _("Give a year from %(limit_value)s on."),
    "max_value": _("Give a year no later than %(limit_value)s."),
}


class CityStatusForm(forms.Form):
    programme_status = forms.ChoiceField(
        label=_("The city's status in the programme “Rozwój Lokalny”"),
        choices=ProgrammeStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the city's status."),
                        "invalid_choice": _("Choose one of the statuses.")},
    )  # fmt: skip


class DevelopmentPlanForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of plan"),
        choices=PlanKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the kind of plan."),
                        "invalid_choice": _("Choose one of the kinds of plan.")},
    )  # fmt: skip
    title = OneLineField(
        label=_("Title"),
        max_length=255,
        error_messages={"required": _("Give the plan's title.")},
    )
    period_from = forms.IntegerField(
        label=_("From year"),
        min_value=PLAN_FIRST_YEAR,
        max_value=PLAN_LAST_YEAR,
        error_messages=YEAR_ERRORS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "input--year"}),
    )
    period_to = forms.IntegerField(
        label=_("To year"),
        min_value=PLAN_FIRST_YEAR,
        max_value=PLAN_LAST_YEAR,
        error_messages=YEAR_ERRORS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "input--year"}),
    )
    goals = forms.CharField(
        label=_("Main goals"),
        max_length=5000,
        help_text=_("The plan's main goals, one a line."),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Give the plan's main goals.")},
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_from"), cleaned.get("period_to")
        if start is not None and end is not None and start > end:
            self.add_error(
                "period_to", _("The plan cannot end before it starts: give a later year.")
            )
        return cleaned
