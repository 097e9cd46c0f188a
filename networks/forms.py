from django import forms
from django.utils.translation import gettext_lazy as _


class ApplicationForm(forms.Form):
    motivation = forms.CharField(
        label=_("Why does your city want to join?"),
        help_text=_("A few sentences: what your city works on and what it hopes to share."),
        widget=forms.Textarea(attrs={"rows": 5}),
        min_length=20,
        max_length=2000,
    )


class DecisionForm(forms.Form):
    """A yes or no, with a reason that a refusal must give."""

    ACCEPT, REFUSE = "accept", "refuse"
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(ACCEPT, _("Accept")), (REFUSE, _("Refuse"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        help_text=_("Required when refusing; the person will read it."),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.REFUSE and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Give the reason for refusing; the person will read it."))
        return cleaned

    @property
    def accepted(self):
        return self.cleaned_data["decision"] == self.ACCEPT
