from django import forms
from django.utils.translation import gettext_lazy as _


class ReasonedDecisionForm(forms.Form):
    """A decision about a person: yes, or no with a reason that they will read.

    Subclasses name the two answers (`yes`, `no`: value and label) and the messages.
    """

    yes = ("yes", _("Yes"))
    no = ("no", _("No"))
    reason_help = _("Required when refusing; the person will read it.")
    reason_missing = _("Give the reason for refusing; the person will read it.")

    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = [self.yes, self.no]
        self.fields["reason"].help_text = self.reason_help

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.no[0] and not cleaned.get("reason", "").strip():
            self.add_error("reason", self.reason_missing)
        return cleaned

    @property
    def said_yes(self) -> bool:
        return self.cleaned_data["decision"] == self.yes[0]
