from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cities.models import City
from empirie.forms import FormWithRows, RowForm, RowsFormSet
from empirie.widgets import RICH_TEXT_HELP, RichTextarea

from . import services
from .choices import SURVEY_RATINGS, MeetingFormat, PublicationLevel, RegistrationMode
from .models import Meeting, SurveyAnswer, within_meeting_years
from .rules import report_levels

LOCAL_INPUT = {"type": "datetime-local"}
LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


def local_datetime_widget():
    # Entered and shown in the portal's time zone (Europe/Warsaw); Django stores UTC.
    return forms.DateTimeInput(attrs=LOCAL_INPUT, format=LOCAL_FORMAT)


class LocalDateTimeField(forms.DateTimeField):
    """Warsaw time, where an hour the clocks skip in March or repeat in October has no single
    meaning: said in words, instead of Django's message naming the time zone."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError as error:
            if error.code != "ambiguous_timezone":
                raise
            raise ValidationError(
                _(
                    "On that day the clocks change and this hour is skipped or occurs twice. "
                    "Choose another hour, e.g. one hour later."
                ),
                code="clock_change",
            ) from error


class AgendaItemForm(RowForm):
    starts_at = forms.TimeField(
        label=_("Time"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        input_formats=["%H:%M", "%H.%M", "%H:%M:%S"],
        error_messages={
            "required": _("Give the time the item starts, e.g. 10:00."),
            "invalid": _("Give the time as hours and minutes, e.g. 10:00."),
        },
    )
    title = forms.CharField(
        label=_("Topic"), max_length=200, error_messages={"required": _("Give the item's topic.")}
    )
    speaker = forms.CharField(label=_("Speaker"), max_length=200, required=False)


class AgendaFormSet(RowsFormSet):
    legend = _("Agenda")
    row_title = _("Agenda item %(number)s")
    add_label = _("Add another agenda item")
    extra_when_empty = 3


AgendaRows = forms.formset_factory(
    AgendaItemForm, formset=AgendaFormSet, can_delete=True, max_num=50, validate_max=True
)


class Checkbox(forms.CheckboxInput):
    """A checkbox sent with a hidden mark of its own: a form sent without the mark (an older
    page, a script) leaves the value as it is (None), where an unticked box says no."""

    def value_from_datadict(self, data, files, name):
        if f"{name}-shown" not in data:
            return None
        return super().value_from_datadict(data, files, name)

    def render(self, name, value, attrs=None, renderer=None):
        mark = format_html('<input type="hidden" name="{}-shown" value="1">', name)
        return super().render(name, value, attrs, renderer) + mark


class MeetingForm(FormWithRows, forms.ModelForm):
    survey_anonymous = forms.NullBooleanField(
        label=_("Anonymous survey"),
        required=False,
        widget=Checkbox,
        initial=True,
        help_text=_(
            "The evaluation survey after the meeting: anonymous answers are kept with no link "
            "to who gave them. This cannot change once someone has answered."
        ),
    )
    same_quarter_confirmed = forms.BooleanField(
        label=_("Schedule it anyway, although the network already meets this quarter"),
        required=False,
    )
    past_confirmed = forms.BooleanField(
        label=_("Yes, schedule the meeting in the past"), required=False
    )

    class Meta:
        model = Meeting
        fields = list(services.MEETING_FIELDS)
        field_classes = {
            "starts_at": LocalDateTimeField,
            "ends_at": LocalDateTimeField,
            "registration_deadline": LocalDateTimeField,
        }
        widgets = {
            "starts_at": local_datetime_widget(),
            "ends_at": local_datetime_widget(),
            "registration_deadline": local_datetime_widget(),
            "format": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.network = network
        self.fields["host_city"].queryset = City.objects.order_by("sort_key")
        self.fields["host_city"].empty_label = _("— choose the host city —")
        # Required or not by the format: said in words, not marked "optional".
        self.fields["venue_address"].help_text = _("Needed for a meeting in person or hybrid.")
        self.fields["online_url"].help_text = _("Needed for an online or hybrid meeting.")
        for name in ("venue_address", "online_url"):
            self.fields[name].marked_optional = False
        for name in ("starts_at", "ends_at", "registration_deadline"):
            self.fields[name].input_formats = [LOCAL_FORMAT]
            # Checked with the field, before clean() counts the quarter the date falls in.
            self.fields[name].validators.append(within_meeting_years)
        initial = None
        if self.instance.pk and not self.is_bound:
            initial = [
                {"starts_at": item.starts_at, "title": item.title, "speaker": item.speaker}
                for item in self.instance.agenda.all()
            ]
        self.agenda_rows = AgendaRows(self.data if self.is_bound else None, prefix="agenda",
                                      initial=initial)  # fmt: skip
        self.formsets = [self.agenda_rows]
        self.same_quarter = []
        self.in_the_past = False
        if self.instance.pk:
            self.fields["survey_anonymous"].initial = self.instance.survey_anonymous
            # visible: whether any answer exists, for the form of the network's coordinator
            if SurveyAnswer.objects.filter(meeting=self.instance).exists():
                del self.fields["survey_anonymous"]  # answered: the answers keep their terms

    def agenda(self) -> list[dict] | None:
        return self.agenda_rows.rows()

    def clean(self):
        cleaned = super().clean()
        # Said at their fields even when others are wrong too (the database's constraint
        # would say it above the form, pointing nowhere).
        format_ = cleaned.get("format")
        if format_ and format_ != MeetingFormat.ONLINE and not cleaned.get("venue_address"):
            self.add_error(
                "venue_address", _("A meeting in person or hybrid needs the venue's address.")
            )
        needs_link = format_ and format_ != MeetingFormat.IN_PERSON
        if needs_link and not cleaned.get("online_url") and "online_url" not in self.errors:
            self.add_error(
                "online_url", _("An online or hybrid meeting needs the link to join it.")
            )
        per_city, capacity = cleaned.get("places_per_city"), cleaned.get("capacity")
        if per_city and capacity and per_city > capacity:
            self.add_error("places_per_city", _(
                "A city cannot have more places than the meeting (%(capacity)s): lower the "
                "places per city or leave them empty."
            ) % {"capacity": capacity})  # fmt: skip
        if self.errors:
            return cleaned
        fields = {name: cleaned.get(name) for name in services.MEETING_FIELDS}
        try:
            services.validate_meeting(fields)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                for message in messages:
                    self.add_error(field, message)
            return cleaned
        # A past meeting whose venue is corrected is not asked again; one moved is.
        minute = {"second": 0, "microsecond": 0}
        moved = not self.instance.pk or (
            cleaned["starts_at"].replace(**minute) != self.instance.starts_at.replace(**minute)
        )
        self.in_the_past = moved and cleaned["starts_at"] < timezone.now()
        if self.in_the_past and not cleaned.get("past_confirmed"):
            self.add_error(
                "past_confirmed",
                _(
                    "The meeting would start in the past, on %(date)s. Check the date; if it "
                    "is right (you are recording a meeting that took place), tick the box."
                )
                % {
                    "date": date_format(timezone.localtime(cleaned["starts_at"]), "DATETIME_FORMAT")
                },
            )
        self.same_quarter = list(
            services.meetings_in_same_quarter(
                network=self.network,
                starts_at=cleaned["starts_at"],
                exclude=self.instance if self.instance.pk else None,
            )
        )
        if self.same_quarter and not cleaned.get("same_quarter_confirmed"):
            dates = ", ".join(
                date_format(timezone.localtime(m.starts_at)) for m in self.same_quarter
            )
            self.add_error(
                "same_quarter_confirmed",
                _(
                    "The network already has a meeting in this quarter (%(dates)s). Networks "
                    "meet once a quarter: tick the box to schedule this one anyway."
                )
                % {"dates": dates},
            )
        return cleaned

    def meeting_fields(self):
        fields = {name: self.cleaned_data[name] for name in services.MEETING_FIELDS}
        if self.cleaned_data.get("survey_anonymous") is not None:
            fields["survey_anonymous"] = self.cleaned_data["survey_anonymous"]
        return fields


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it cancelled?"),
        help_text=_("The registered participants will read it."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class RegistrationForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("How will you take part?"),
        choices=RegistrationMode.choices,
        widget=forms.RadioSelect,
        initial=RegistrationMode.IN_PERSON,
    )


class ReportForm(forms.Form):
    body = forms.CharField(
        label=pgettext_lazy("meeting", "Report"),
        widget=RichTextarea(attrs={"rows": 12}),
        max_length=100_000,
        help_text=RICH_TEXT_HELP,
    )
    minutes = forms.CharField(
        label=pgettext_lazy("meeting", "Minutes"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        max_length=100_000,
    )
    level = forms.ChoiceField(
        label=_("Who may read it"), choices=PublicationLevel.choices, widget=forms.RadioSelect
    )
    publish = forms.BooleanField(label=_("Published"), required=False)

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        levels = report_levels(network)  # a closed network's reports stay inside
        self.fields["level"].choices = [(level, PublicationLevel(level).label) for level in levels]


class SurveyForm(forms.Form):
    """The evaluation survey: two ratings from 1 to 5 and two questions in words."""

    overall = forms.TypedChoiceField(
        label=_("Overall, how do you rate the meeting?"),
        choices=SURVEY_RATINGS,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose your overall rating, from 1 to 5."),
            "invalid_choice": _("Choose your overall rating, from 1 to 5."),
        },
    )
    usefulness = forms.TypedChoiceField(
        label=_("How useful was it for your city?"),
        choices=SURVEY_RATINGS,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how useful it was for your city, from 1 to 5."),
            "invalid_choice": _("Choose how useful it was for your city, from 1 to 5."),
        },
    )
    to_change = forms.CharField(
        label=_("What should we change?"),
        required=False,
        max_length=services.SURVEY_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    topic_wishes = forms.CharField(
        label=_("What topics would you like at the next meeting?"),
        required=False,
        max_length=services.SURVEY_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
