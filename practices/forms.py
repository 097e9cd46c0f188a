from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from empirie.forms import ReasonedDecisionForm
from empirie.widgets import RICH_TEXT_HELP, RichTextarea

from .choices import TransferKind
from .models import Practice, Tag


def restricted_needs_networks(form, cleaned):
    """A practice only for its networks' people names the networks (else nobody may see it)."""
    if cleaned.get("restricted_to_networks") and not cleaned.get("networks"):
        form.add_error(
            "networks", _("Tick the networks whose people may see it, or let everyone see it.")
        )


class PracticeForm(forms.ModelForm):
    tags_text = forms.CharField(
        label=_("Tags"), required=False, max_length=500,
        help_text=_("Separated by commas, e.g. culture, promotion, NGOs."),
    )  # fmt: skip
    contacts_text = forms.CharField(
        label=_("Contact persons"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One a line: name | phone | e-mail. Phone and e-mail may be left out."),
    )

    class Meta:
        model = Practice
        fields = [
            "title", "category", "summary", "presentation", "implementing_unit",
            "street_address", "postal_code", "post_office", "website", "inhabitants",
            "networks", "restricted_to_networks",
        ]  # fmt: skip
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "presentation": RichTextarea(attrs={"rows": 12}),
            "networks": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "presentation": RICH_TEXT_HELP,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["tags_text"] = ", ".join(t.name for t in self.instance.tags.all())
            self.initial["contacts_text"] = "\n".join(
                " | ".join(filter(None, [c.name, c.phone, c.email]))
                for c in self.instance.contacts.all()
            )

    def clean(self):
        cleaned = super().clean()
        restricted_needs_networks(self, cleaned)
        return cleaned

    def clean_tags_text(self):
        names = {name.strip().lower()[:60] for name in self.cleaned_data["tags_text"].split(",")}
        return sorted(name for name in names if name)

    def clean_contacts_text(self):
        contacts, errors = [], []
        for number, line in enumerate(self.cleaned_data["contacts_text"].splitlines(), start=1):
            parts = [part.strip() for part in line.split("|")]
            if not parts[0]:
                continue
            if len(parts) > 3:
                errors.append(
                    _("Line %(n)d: give at most a name, a phone and an e-mail, separated by “|”.")
                    % {"n": number}
                )
                continue
            contact = {"name": parts[0][:200], "phone": "", "email": ""}
            for part in parts[1:]:
                if "@" in part:
                    try:
                        validate_email(part)
                    except ValidationError:
                        errors.append(
                            _("Line %(n)d: “%(email)s” is not an e-mail address.")
                            % {"n": number, "email": part}
                        )
                    contact["email"] = part
                else:
                    contact["phone"] = part[:40]
            contacts.append(contact)
        if errors:
            raise ValidationError(errors)
        return contacts

    def save_arguments(self):
        data = self.cleaned_data
        fields = {name: data[name] for name in self.Meta.fields if name != "networks"}
        tags = [Tag.objects.get_or_create(name=name)[0] for name in data["tags_text"]]
        return {
            **fields,
            "networks": data["networks"],
            "tags": tags,
            "contacts": data["contacts_text"],
        }


class ReviewForm(ReasonedDecisionForm):
    yes = ("publish", _("Publish"))
    no = ("changes", _("Ask for changes"))
    reason_help = _("Required when asking for changes; the author will read it.")
    reason_missing = _("Say what should change; the author will read it.")


class TransferForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("How did your city take it up?"),
        choices=TransferKind.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("What did your city change?"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip
