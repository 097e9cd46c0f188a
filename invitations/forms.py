from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.choices import LEADER_FUNCTIONS, LOCAL_GOVERNMENT_FUNCTIONS
from networks.choices import Role

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

    def __init__(self, *args, roles, leaders_only=False, **kwargs):
        super().__init__(*args, **kwargs)
        # A closed (the leaders') network's members are mayors, presidents and their deputies.
        self.leaders_only = leaders_only
        self.fields["role"].choices = roles
        self.fields["people"].help_text = _(
            "One person a line: e-mail, name, city, function, separated by tabs (copied from "
            "a spreadsheet), semicolons or commas. Only the e-mail is required; a header line "
            "may come first. At most %(most)d people at once."
        ) % {"most": paste.MAX_ROWS}

    def clean_people(self):
        invitees, problems = paste.parse(self.cleaned_data["people"])
        # Every line's problem at once, the function of a leaders' network member's included
        # (the role, a field before this one, is cleaned already).
        problems = sorted([*problems, *self.function_problems(invitees)], key=lambda p: p.line)
        if problems:
            raise forms.ValidationError([str(problem) for problem in problems])
        if not invitees:
            raise forms.ValidationError(_("Paste at least one e-mail address."))
        return invitees

    def function_problems(self, invitees) -> list:
        if not self.leaders_only:
            return []
        role = self.cleaned_data.get("role")
        if role == Role.MEMBER:
            return [
                paste.Problem(
                    invitee.line,
                    _("the leaders' network's members are mayors, city presidents and their "
                      "deputies: the function must be one of burmistrz, prezydent miasta, "
                      "zastępca burmistrza, zastępca prezydenta (or left empty)."),
                )
                for invitee in invitees
                if invitee.function and invitee.function not in LEADER_FUNCTIONS
            ]  # fmt: skip
        if role == Role.EXPERT:
            # No other staff of a local government sees the leaders' network's inside.
            return [
                paste.Problem(
                    invitee.line,
                    _("the leaders' network's experts come from outside local government: a "
                      "city office's staff cannot be one, and mayors, city presidents and their "
                      "deputies are invited as members (for an expert, write “inna” or leave "
                      "the function empty)."),
                )
                for invitee in invitees
                if invitee.function in LOCAL_GOVERNMENT_FUNCTIONS
            ]  # fmt: skip
        return []
