from django import forms
from django.utils.translation import gettext_lazy as _

from empirie.forms import ReasonedDecisionForm
from empirie.sanitise import visible


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


class SeatChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, participation):
        return f"{participation.network.name} – {participation.get_role_display()}"


class SuccessorForm(forms.Form):
    """Who takes over a person's seat, and in which networks (networks.successions)."""

    seats = SeatChoiceField(
        label=_("Networks whose seat passes to the successor"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one network."),
            "invalid_choice": _("This seat is no longer held; open the page again."),
            "invalid_pk_value": _("This seat is no longer held; open the page again."),
        },
    )
    email = forms.EmailField(
        label=_("The successor's e-mail address"),
        help_text=_(
            "The address of their account; for a person without one, the address where "
            "they will receive a link to set up their account."
        ),  # fmt: skip
        max_length=254,
    )
    first_name = forms.CharField(
        label=_("First name"), max_length=150, required=False,
        help_text=_("Required when the person has no account yet."),
    )  # fmt: skip
    last_name = forms.CharField(
        label=_("Last name"), max_length=150, required=False,
        help_text=_("Required when the person has no account yet."),
    )  # fmt: skip
    # Required or not by the address (the help says so): not marked "(optional)".
    first_name.marked_optional = last_name.marked_optional = False

    def __init__(self, *args, predecessor, seats, **kwargs):
        super().__init__(*args, **kwargs)
        self.predecessor = predecessor
        self.fields["seats"].queryset = seats
        self.successor = None

    def clean(self):
        from .successions import successor_by_email, successor_refusal

        cleaned = super().clean()
        email, seats = cleaned.get("email"), cleaned.get("seats")
        if not email:
            return cleaned
        self.successor = successor_by_email(email)
        if self.successor is None:
            missing = [n for n in ("first_name", "last_name") if not cleaned.get(n, "").strip()]
            if missing:  # said once, at the first name missing
                self.add_error(
                    missing[0],
                    _(
                        "No account uses this address: give the new person's first and last "
                        "name, and an account will be opened for them."
                    ),  # fmt: skip
                )
        elif seats and (
            refusal := successor_refusal(
                predecessor=self.predecessor, successor=self.successor, seats=list(seats)
            )
        ):
            self.add_error("email", refusal)
        return cleaned


class EditionOpenForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the edition"),
        help_text=_("The years it spans, e.g. 2025–2027."),
        max_length=60,
    )
    starts_on = forms.DateField(
        label=_("Starts on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def clean_name(self):
        # Invisible characters (a right-to-left override turns the network's page around)
        # go, as from every title people type; a name of nothing else is no name.
        name = " ".join(visible(self.cleaned_data["name"]).split())
        if not name:
            raise forms.ValidationError(_("Name the edition, e.g. 2025–2027."))
        return name
