from django import forms
from django.core.exceptions import ValidationError
from django.forms.formsets import (
    DELETION_FIELD_NAME,
    INITIAL_FORM_COUNT,
    TOTAL_FORM_COUNT,
    BaseFormSet,
)
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy

from .sanitise import visible

# The name of the "add another" buttons; the value names the rows' prefix.
ADD_ROW = "add-row"
# Django's own Polish has no space before the word ("najwyżej 9formularzy").
TOO_MANY_ROWS = ngettext_lazy("Send at most %(num)d row.", "Send at most %(num)d rows.", "num")


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
        # Required by one answer, not the other: its help says when, not "(optional)".
        self.fields["reason"].marked_optional = False

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.no[0] and not cleaned.get("reason", "").strip():
            self.add_error("reason", self.reason_missing)
        return cleaned

    @property
    def said_yes(self) -> bool:
        return self.cleaned_data["decision"] == self.yes[0]


class RowForm(forms.Form):
    """One row of a list of rows (an agenda item, a contact person). A row left empty is
    no row: it is neither checked nor saved, whether it was offered empty or emptied."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.empty_permitted = True

    def full_clean(self):
        if DELETION_FIELD_NAME in self.fields and self[DELETION_FIELD_NAME].data:
            # A row being removed is not checked: its mistakes no longer matter.
            self._errors = ErrorDict()
            self.cleaned_data = {DELETION_FIELD_NAME: True}
            return
        super().full_clean()

    def has_changed(self):
        return any(
            str(self[name].data or "").strip()
            for name in self.fields
            if name != DELETION_FIELD_NAME
        )


class RowsFormSet(BaseFormSet):
    """Rows of fields that a person adds and removes: "add another" sends the form back with
    one more empty row and all that was typed (so it works without JavaScript; the script
    adds the row in place instead); "remove" is a checkbox, which the script turns into a
    button. Subclasses name the rows: `legend`, `row_title` (with %(number)s), `add_label`,
    and may add `add_hint`, said by the button to those whose page reloads (the script, which
    adds rows in place, removes it). At `max_num` rows the button gives way to the formset's
    "too_many_forms" message.
    """

    default_error_messages = {"too_many_forms": TOO_MANY_ROWS}
    legend = ""
    row_title = ""
    add_label = _("Add another")
    add_hint = ""
    extra_when_empty = 1  # empty rows offered when there are none yet

    def __init__(self, data=None, *args, initial=None, **kwargs):
        self.row_added = False
        prefix = kwargs.get("prefix") or self.get_default_prefix()
        # A form sent without the rows at all (an older page, a script) leaves them as they are.
        self.sent = data is None or f"{prefix}-{TOTAL_FORM_COUNT}" in data
        if not self.sent:
            data = None
        if data is not None and data.get(ADD_ROW) == prefix:
            data = self._with_one_more_row(data, prefix)
        super().__init__(data, *args, initial=initial, **kwargs)
        if not self.is_bound:
            self.extra = 1 if initial else self.extra_when_empty
        if self.row_added and self.forms:
            # Without JavaScript the page reloads: the new row's first field takes the focus.
            first = next(iter(self.forms[-1].fields.values()))
            first.widget.attrs["autofocus"] = True

    def _with_one_more_row(self, data, prefix):
        key = f"{prefix}-{TOTAL_FORM_COUNT}"
        try:
            count = int(data.get(key, ""))
        except ValueError:
            return data  # the management form says why, when the form is checked
        # Rows being removed are hidden and leave room for others (a count sent too big is
        # not read through: the formset refuses it).
        rows = range(min(count, self.absolute_max))
        removed = sum(1 for i in rows if data.get(f"{prefix}-{i}-{DELETION_FIELD_NAME}"))
        data = data.copy()
        if count - removed < self.max_num:
            data[key] = str(count + 1)
        self.row_added = True
        return data

    def full_clean(self):
        super().full_clean()
        counts = self.management_form.cleaned_data if self.is_bound else {}
        if any((counts.get(name) or 0) < 0 for name in (TOTAL_FORM_COUNT, INITIAL_FORM_COUNT)):
            # Read as no rows at all, a negative count would remove every row there was.
            self._non_form_errors.append(ValidationError(
                _("The list's rows came back damaged: load the page again and retry."),
                code="rows_damaged",
            ))  # fmt: skip

    def has_room(self) -> bool:
        """Whether "add another" may add a row: fewer rows are shown than `max_num`."""
        return sum(1 for number, _form in self.numbered() if number) < self.max_num

    def full_text(self) -> str:
        return self.error_messages["too_many_forms"] % {"num": self.max_num}

    def quiet(self):
        """Shown again to add a row: nothing is checked yet, so no errors are shown."""
        self._errors = [ErrorDict() for _form in self.forms]
        self._non_form_errors = self.error_class(error_class="nonform", renderer=self.renderer)
        for form in self.forms:
            form._errors = ErrorDict()
            form.cleaned_data = {}

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if DELETION_FIELD_NAME in form.fields:
            form.fields[DELETION_FIELD_NAME].label = _("Remove this row")

    def numbered(self):
        """(number, row) in order, numbered as the page shows them: a row being removed is
        hidden and takes no number (None), so "row 2" in an error is the second one seen."""
        number = 0
        for form in self.forms:
            if getattr(self, "can_delete", False) and form["DELETE"].value():
                yield None, form
            else:
                number += 1
                yield number, form

    def title_of(self, number):
        return self.row_title % {"number": number}

    def rows(self) -> list[dict] | None:
        """What the rows hold, once valid: the rows typed in and not removed, in order; None
        when the form was sent without them."""
        if not self.sent:
            return None
        return [
            {
                name: value
                for name, value in form.cleaned_data.items()
                if name != DELETION_FIELD_NAME
            }
            for form in self.filled()
        ]

    def filled(self) -> list:
        """The rows typed in and not removed, the forms whose values `rows()` gives."""
        return [
            form for form in self.forms if form.has_changed() and not self._should_delete_form(form)
        ]


class FormWithRows:
    """A form that holds lists of rows (`self.formsets`): valid when they all are; "add
    another" shows it again with one more row and nothing checked."""

    formsets: list = []

    @property
    def row_added(self) -> bool:
        return any(formset.row_added for formset in self.formsets)

    def quiet(self):
        self._errors = ErrorDict()
        self.cleaned_data = {}
        for formset in self.formsets:
            formset.quiet()

    def is_valid(self):
        valid = super().is_valid()
        return all([valid, *(fs.is_valid() for fs in self.formsets if fs.sent)])


class AddRowViewMixin:
    """For a FormView whose form has rows: "add another" shows the form again, not checked."""

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if form.row_added:
            form.quiet()
            return self.render_to_response(self.get_context_data(form=form))
        return self.form_valid(form) if form.is_valid() else self.form_invalid(form)


class OneLineField(forms.CharField):
    """Text of one line (a title, a topic): line breaks and runs of spaces that a pasted text
    or a hand-made request brings become single spaces, so no calendar file, e-mail header
    or spreadsheet cell downstream receives a line it cannot hold."""

    def to_python(self, value):
        value = super().to_python(value)
        return " ".join(value.split()) if value else value


def without_nul(data):
    """GET or POST data with NUL characters taken out of every value: a form shows back what
    was typed, and no browser can show or send a NUL in a field."""
    if data is None or not any("\x00" in value for value in data.values()):
        return data
    cleaned = data.copy()
    for name in cleaned:
        cleaned.setlist(name, [value.replace("\x00", "") for value in cleaned.getlist(name)])
    return cleaned


TAG_LENGTH = 60


def tag_names(text: str) -> list[str]:
    """Comma-separated keywords as tags: trimmed, lower case, each once, sorted (a practice's
    tags, a person's areas of expertise); one longer than TAG_LENGTH characters is a
    ValidationError that names it, for a form's clean_<field>."""
    # Invisible characters (a direction override, a zero-width space) would make two tags
    # that look alike, or turn a tag's text around.
    names = {" ".join(visible(name).lower().split()) for name in text.split(",")}
    # Said, not cut: a tag cut at 60 characters would be a word nobody typed.
    long = sorted(name for name in names if len(name) > TAG_LENGTH)
    if long:
        raise forms.ValidationError(
            ngettext(
                "“%(tags)s” is longer than %(most)d characters: shorten it, or split it with a comma.",
                "“%(tags)s” are longer than %(most)d characters: shorten them, or split them with commas.",
                len(long),
            )
            % {"tags": "”, “".join(name[:40] + "…" for name in long), "most": TAG_LENGTH}
        )
    return sorted(name for name in names if name)
