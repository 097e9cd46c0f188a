"""How every form of the portal speaks, after the GOV.UK design system.

The error summary: the base layout asks which forms on the page came back with errors,
prefixes the title with "Błąd:" and lists each error as a link to its field. Views need do
nothing but put their forms in the context, which they do anyway; allauth's pages and the
filters' forms are found the same way.

Labels: optional fields say so ("(opcjonalnie)"), required ones do not, as GOV.UK does; a form
whose fields are all optional (a filter) marks none, since the mark would say nothing.
"""

from dataclasses import dataclass

from django import template
from django.forms import BaseForm, BaseFormSet
from django.forms.widgets import CheckboxInput, ChoiceWidget
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django_filters import FilterSet

register = template.Library()


@dataclass(frozen=True)
class Problem:
    message: str
    target: str  # the id of the input the link leads to ("" when the form has no visible field)


def _forms_in(value):
    # type(), not isinstance(): isinstance() asks a lazy object its __class__, which computes
    # it (the desk's cached parts would be worked out for nothing).
    kind = type(value)
    if issubclass(kind, BaseForm):
        yield value
        # Rows of fields inside the form (the agenda, the contact persons), shown after it.
        yield from getattr(value, "formsets", ())
    elif issubclass(kind, BaseFormSet):
        # A formset that is not bound has no errors; asking a bound one validates it, which the
        # view has done already.
        yield value
    elif issubclass(kind, FilterSet):
        yield value.form


def _input_id(bound_field) -> str:
    # Radio buttons and checkboxes: the first of the group, as GOV.UK links to.
    widget = bound_field.field.widget
    if isinstance(widget, ChoiceWidget) and widget.input_type in ("radio", "checkbox"):
        subwidgets = bound_field.subwidgets
        if subwidgets:
            return subwidgets[0].id_for_label or ""
    return bound_field.id_for_label or ""


def _first_visible(form) -> str:
    for bound_field in form.visible_fields():
        return _input_id(bound_field)
    return ""


# The codes of Django's field errors whose words do not say which field they are about.
NAMELESS = {
    "required", "max_length", "min_length", "max_value", "min_value", "invalid",
    "invalid_choice", "null_characters_not_allowed", "max_digits", "max_decimal_places",
}  # fmt: skip
# The codes of the portal's own field errors that fit any field (several dates of a form).
FIELDLESS = {"year_out_of_range"}


def _nameless(field, error) -> bool:
    """Whether the error is in Django's own words, not a message a form wrote for its field
    ("Choose the document's file.")."""
    if error.code in FIELDLESS:
        return True
    if error.code not in NAMELESS:
        return False
    defaults = [
        klass.__dict__["default_error_messages"][error.code]
        for klass in type(field).__mro__
        if error.code in klass.__dict__.get("default_error_messages", {})
    ]
    own = field.error_messages.get(error.code)
    return own is None or (bool(defaults) and str(own) == str(defaults[0]))


def _problems_of_form(form, title="") -> list[Problem]:
    if not form.is_bound or not form.errors:
        return []
    problems = []
    for name, errors in form.errors.as_data().items():
        if name in form.fields and not form.fields[name].widget.is_hidden:
            target = _input_id(form[name])
            # Django's own messages ("This field is required.", "Ensure this value has at most
            # 10000 characters") name no field: the summary says which.
            field = form.fields[name]
            errors = [
                f"{form[name].label}: {message}" if _nameless(field, error) else message
                for error in errors
                for message in error.messages
            ]
        else:  # non-field errors, and those of hidden fields, lead to the form's first field
            target = _first_visible(form)
            errors = [message for error in errors for message in error.messages]
        # A row's errors say which row ("Punkt 2: Podaj godzinę.").
        problems.extend(
            Problem(f"{title}: {message}" if title else str(message), target) for message in errors
        )
    return problems


def _problems_of(value) -> list[Problem]:
    if isinstance(value, BaseFormSet):
        if not value.is_bound:
            return []
        problems = [
            Problem(str(message), _first_visible(value.forms[0]) if value.forms else "")
            for message in value.non_form_errors()
        ]
        title_of = getattr(value, "title_of", None)
        numbered = value.numbered() if hasattr(value, "numbered") else enumerate(value.forms, 1)
        for number, form in numbered:
            problems.extend(
                _problems_of_form(form, title_of(number) if title_of and number else "")
            )
        return problems
    return _problems_of_form(value)


@register.simple_tag(takes_context=True)
def form_problems(context) -> list[Problem]:
    """Every error of every bound form in the page's context, in the order the context has them."""
    seen, problems = set(), []
    for value in context.flatten().values():
        for form in _forms_in(value):
            if id(form) in seen:
                continue
            seen.add(id(form))
            problems.extend(_problems_of(form))
    return problems


@register.filter("marked_optional")
def _marked_optional(bound_field) -> bool:
    field = bound_field.field
    if field.required or isinstance(field.widget, CheckboxInput) or field.widget.is_hidden:
        return False  # a single checkbox is a yes or no: there is nothing to leave out
    if getattr(field, "marked_optional", True) is False:
        return False  # required or not by another answer, which its help text explains
    return any(f.required for f in bound_field.form.fields.values())


def _contents(bound_field):
    if not _marked_optional(bound_field):
        return None  # Django's own
    return format_html(
        '{} <span class="field__optional">({})</span>', bound_field.label, _("optional")
    )


@register.filter
def row_title(formset, number):
    return formset.title_of(number)


@register.filter
def field_label(bound_field):
    """The field's <label>, saying "(opcjonalnie)" where the field may be left empty."""
    return bound_field.label_tag(contents=_contents(bound_field))


@register.filter
def field_legend(bound_field):
    """The <legend> of a group of radio buttons or checkboxes, marked as labels are."""
    return bound_field.legend_tag(contents=_contents(bound_field))
