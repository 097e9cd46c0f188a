from django import forms
from django.utils.translation import gettext_lazy as _

from . import paste


class InviteForm(forms.Form):
    """People pasted from a spreadsheet and the role they are invited to."""

    role = forms.ChoiceField(label=_("Invite them as"), widget=forms.RadioSelect)
    people = forms.CharField(
        label=_("People to invite"),
        # One pasted line, one line on screen: the errors name lines by their numbers.
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false", "wrap": "off"}),
        # Far more than the most people a paste takes: a longer paste is refused by its count
        # of lines, which says what to do.
        max_length=1_000_000,
    )

    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = roles
        self.fields["people"].help_text = _(
            "One person a line: e-mail, name, city, function, separated by tabs (copied from "
            "a spreadsheet), semicolons or commas. Only the e-mail is required; a header line "
            "may come first. At most %(most)d people at once."
        ) % {"most": paste.MAX_ROWS}

    def clean_people(self):
        invitees, problems = paste.parse(self.cleaned_data["people"])
        if problems:
            raise forms.ValidationError([str(problem) for problem in problems])
        if not invitees:
            raise forms.ValidationError(_("Paste at least one e-mail address."))
        return invitees
