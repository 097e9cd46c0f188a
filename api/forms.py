from allauth.account.forms import ReauthenticateForm
from allauth.mfa.base.forms import ReauthenticateForm as SecondFactorForm
from allauth.mfa.utils import is_mfa_enabled
from django import forms
from django.utils.translation import gettext_lazy as _


class TokenCreateForm(forms.Form):
    """A new token asks for the password again and, for a person who has one, the second
    factor: allauth's own re-authentication forms check them (with their rate limits)."""

    name = forms.CharField(
        label=_("Name of the token"),
        max_length=80,
        help_text=_("What it is for, e.g. “city dashboard”. You will see it on this page."),
    )
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        if is_mfa_enabled(person):
            self.fields["code"] = forms.CharField(
                label=_("Code from your authenticator app (or a recovery code)"),
                widget=forms.TextInput(
                    attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}
                ),
            )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Give the token a name."))
        return name

    def clean_password(self):
        password = self.cleaned_data["password"]
        check = ReauthenticateForm({"password": password}, user=self.person)
        if not check.is_valid():
            raise forms.ValidationError(check.errors["password"])
        return password

    def clean_code(self):
        check = SecondFactorForm({"code": self.cleaned_data["code"]}, user=self.person)
        if not check.is_valid():
            raise forms.ValidationError(check.errors["code"])
        return self.cleaned_data["code"]
