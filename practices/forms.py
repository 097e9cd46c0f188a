from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from accounts.rules import profile_of
from cities.selectors import plan_label, plans_of_cities
from empirie.forms import FormWithRows, ReasonedDecisionForm, RowForm, RowsFormSet, tag_names
from empirie.widgets import RICH_TEXT_HELP, RichTextarea
from networks.access import access_of

from .choices import TransferKind
from .models import Category, Practice, Tag


class CategoryTree:
    """A category field listing the tree in order, each sub-category after its top category
    and named with it ("Usługi społeczne › Senioralna polityka"), not a flat list in which a
    sub-category cannot be told from a top one."""

    def __init__(self, *args, **kwargs):
        kwargs["queryset"] = Category.objects.in_tree_order()
        super().__init__(*args, **kwargs)

    def label_from_instance(self, category):
        return f"{category.parent} › {category}" if category.parent_id else str(category)


class CategoryChoiceField(CategoryTree, forms.ModelChoiceField):
    pass


def restricted_needs_networks(form, cleaned):
    """A practice only for its networks' people names the networks (else nobody may see it)."""
    if cleaned.get("restricted_to_networks") and not cleaned.get("networks"):
        form.add_error(
            "networks", _("Tick the networks whose people may see it, or let everyone see it.")
        )


SUMMARY_MAX_LENGTH = 2000


class ContactForm(RowForm):
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        error_messages={"required": _("Give the person's name, or leave the whole row empty.")},
    )
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        error_messages={"invalid": _("Give an e-mail address like name@city.pl.")},
    )


class ContactFormSet(RowsFormSet):
    legend = _("Contact persons")
    row_title = _("Contact person %(number)s")
    add_label = _("Add another contact person")


ContactRows = forms.formset_factory(
    ContactForm, formset=ContactFormSet, can_delete=True, max_num=20, validate_max=True
)


class PracticeForm(FormWithRows, forms.ModelForm):
    tags_text = forms.CharField(
        label=_("Tags"), required=False, max_length=500,
        help_text=_("Separated by commas, e.g. culture, promotion, NGOs."),
    )  # fmt: skip

    class Meta:
        model = Practice
        fields = [
            "title", "category", "summary", "presentation", "implementing_unit",
            "street_address", "postal_code", "post_office", "website", "inhabitants",
            "networks", "restricted_to_networks", "plans",
        ]  # fmt: skip
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "presentation": RichTextarea(attrs={"rows": 12}),
            "networks": forms.CheckboxSelectMultiple,
            "plans": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "presentation": RICH_TEXT_HELP,
            "plans": _("Your city's development plans that this practice serves."),
        }
        field_classes = {"category": CategoryChoiceField}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["category"].empty_label = _("— choose a category —")
        # The plans of the practice's city: the author's, for a new one.
        city_id = (
            self.instance.city_id
            if self.instance.pk
            else getattr(profile_of(user) if user is not None else None, "city_id", None)
        )
        self.fields["plans"].queryset = plans_of_cities([city_id] if city_id else [])
        self.fields["plans"].label_from_instance = plan_label
        # A summary is a few sentences on a card: the full story goes to the presentation.
        summary = self.fields["summary"]
        summary.max_length = SUMMARY_MAX_LENGTH
        summary.validators.append(MaxLengthValidator(SUMMARY_MAX_LENGTH))
        summary.widget.attrs["maxlength"] = str(SUMMARY_MAX_LENGTH)
        contacts = None
        if self.instance.pk and not self.is_bound:
            self.initial["tags_text"] = ", ".join(t.name for t in self.instance.tags.all())
            contacts = [
                {"name": c.name, "phone": c.phone, "email": c.email}
                for c in self.instance.contacts.all()
            ]
        self.contact_rows = ContactRows(self.data if self.is_bound else None, prefix="contacts",
                                        initial=contacts)  # fmt: skip
        self.formsets = [self.contact_rows]

    def clean(self):
        cleaned = super().clean()
        restricted_needs_networks(self, cleaned)
        if self.user is not None and cleaned.get("restricted_to_networks"):
            # As the service says, at the field: restricted to networks the author reads.
            linked = (
                set(self.instance.networks.values_list("pk", flat=True))
                if self.instance.pk
                else set()
            )
            chosen = {network.pk for network in cleaned.get("networks", ())}
            if chosen - access_of(self.user).inside - linked:
                self.add_error(
                    "networks",
                    _("Only for the people of networks you take part in: untick the others, "
                      "or let everyone see it."),
                )  # fmt: skip
        return cleaned

    def clean_tags_text(self):
        return tag_names(self.cleaned_data["tags_text"])

    def save_arguments(self):
        data = self.cleaned_data
        fields = {
            name: data[name] for name in self.Meta.fields if name not in ("networks", "plans")
        }
        tags = [Tag.objects.get_or_create(name=name)[0] for name in data["tags_text"]]
        return {
            **fields,
            "networks": data["networks"],
            "plans": data["plans"],
            "tags": tags,
            "contacts": self.contact_rows.rows(),
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
