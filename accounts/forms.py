from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from cities.models import City
from empirie.forms import ReasonedDecisionForm, tag_names

from . import services
from .choices import Function
from .models import Profile


class SignupDetailsForm(forms.Form):
    """What allauth's sign-up asks beyond e-mail and password: who the person is and where."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    city = forms.ModelChoiceField(
        label=_("City"),
        queryset=City.objects.order_by("sort_key"),
        empty_label=_("— choose your city —"),
        help_text=_("The city whose office you work for."),
    )
    function = forms.ChoiceField(
        label=_("Function"),
        choices=Function.choices,
        initial=Function.STAFF,
        help_text=_(
            "Mayors, city presidents and their deputies take part in the leaders' network "
            "once a coordinator has verified their function."
        ),
    )

    field_order = ["email", "first_name", "last_name", "city", "function", "password1", "password2"]

    def signup(self, request, user):
        services.person_complete_signup(
            user=user,
            first_name=self.cleaned_data["first_name"],
            last_name=self.cleaned_data["last_name"],
            city=self.cleaned_data["city"],
            function=self.cleaned_data["function"],
            # The language of the sign-up page (/en/… is English): their e-mails' language.
            language=translation.get_language(),
        )


class ProfileForm(forms.ModelForm):
    """What a person may change about themselves; a new function is verified anew."""

    class Meta:
        model = Profile
        fields = ["city", "function", "email_mode", "language"]
        widgets = {"email_mode": forms.RadioSelect, "language": forms.RadioSelect}
        help_texts = {
            "function": _(
                "Changing your function or city ends its verification until a coordinator "
                "confirms it again."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # ZMP's own people represent no city; everyone else keeps theirs.
        self.fields["city"].required = self.instance.city_id is not None
        self.fields["city"].queryset = City.objects.order_by("sort_key")
        self.fields["city"].empty_label = _("— choose a city —")
        if self.fields["city"].required:
            self.fields["city"].help_text = _("The city whose office you work in.")
        # A form sent without it (an old page) keeps the language chosen before.
        self.fields["language"].required = False


class FunctionDecisionForm(ReasonedDecisionForm):
    yes = ("verify", _("Confirm the function"))
    no = ("reject", _("Do not confirm / withdraw"))
    reason_help = _("Required when not confirming; the person will read it.")
    reason_missing = _("Give the reason, so the person knows what to correct.")

    # What the decider saw: a decision is about that function and city, not a later one.
    seen_function = forms.CharField(widget=forms.HiddenInput, required=False)
    seen_city = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # ...and the decision then in force: another verifier's later one is not overwritten.
    seen_status = forms.CharField(widget=forms.HiddenInput, required=False)

    @staticmethod
    def seen(profile) -> dict:
        return {
            "seen_function": profile.function,
            "seen_city": profile.city_id,
            "seen_status": profile.function_status,
        }


class AccountEraseForm(forms.Form):
    """Erasing one's account asks for the password and an explicit confirmation."""

    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account will be erased and cannot be restored."),
    )

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.person.check_password(password):
            raise forms.ValidationError(_("The password is not correct."))
        return password


class PartnerCardForm(forms.Form):
    """A person's card for the people of their networks, shown only with their consent."""

    shown = forms.BooleanField(
        label=_("Show my card to the people of my networks"),
        required=False,
        help_text=_(
            "Your name, function, city, areas of expertise, projects and published practices "
            "are shown to the people of the networks you take part in, who can then write to "
            "you on the portal (your e-mail address stays hidden). You may withdraw this "
            "consent at any time: the card is hidden at once."
        ),
    )
    expertise = forms.CharField(
        label=_("Areas of expertise"), required=False, max_length=500,
        help_text=_("Separated by commas, e.g. public transport, participatory budget."),
    )  # fmt: skip
    projects = forms.CharField(
        label=_("Projects you ran"), required=False, max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One a line, e.g. “Rewitalizacja rynku 2021–2023”."),
    )  # fmt: skip

    def clean_expertise(self):
        names = tag_names(self.cleaned_data["expertise"])
        if len(names) > 20:
            raise forms.ValidationError(_("Name at most 20 areas of expertise."))
        return names
