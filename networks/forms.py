from django import forms
from django.utils.translation import gettext_lazy as _

from empirie.forms import ReasonedDecisionForm


class ApplicationForm(forms.Form):
    motivation = forms.CharField(
        label=_("Why does your city want to join?"),
        help_text=_("A few sentences: what your city works on and what it hopes to share."),
        widget=forms.Textarea(attrs={"rows": 5}),
        min_length=20,
        max_length=2000,
    )


class DecisionForm(ReasonedDecisionForm):
    yes = ("accept", _("Accept"))
    no = ("refuse", _("Refuse"))


class EditionOpenForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the edition"),
        help_text=_("The years it spans, e.g. 2025–2027."),
        max_length=60,
    )
    starts_on = forms.DateField(
        label=_("Starts on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
