import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cities.models import City
from empirie.forms import TOO_MANY_ROWS, FormWithRows, OneLineField, RowForm, RowsFormSet
from empirie.i18n import Quarter
from empirie.widgets import RICH_TEXT_HELP, RichTextarea

from . import online_reports, plan, services
from .choices import (
    SURVEY_RATINGS,
    USEFULNESS_RATINGS,
    MeetingFormat,
    PublicationLevel,
    RegistrationMode,
)
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
    title = OneLineField(
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
    closed_confirmed = forms.BooleanField(label=_("Yes, close registration now"), required=False)

    class Meta:
        model = Meeting
        fields = list(services.MEETING_FIELDS)
        field_classes = {
            "topic": OneLineField,
            "venue_address": OneLineField,
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

    def __init__(self, *args, network, publishing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.network = network
        # A draft of the plan is saved as far as it is known; published, it must be complete.
        self.draft = bool(self.instance.pk and self.instance.draft and not publishing)
        self.fields["host_city"].queryset = City.objects.order_by("sort_key")
        self.fields["host_city"].empty_label = _("— choose the host city —")
        # Required or not by the format: said in words, not marked "optional".
        self.fields["venue_address"].help_text = _("Needed for a meeting in person or hybrid.")
        self.fields["online_url"].help_text = _("Needed for an online or hybrid meeting.")
        for name in ("venue_address", "online_url"):
            self.fields[name].marked_optional = False
        # One message for 0 and for -1 alike: the one the database's constraint would say.
        for name, message in (
            ("capacity", _("The capacity, if given, is at least one place.")),
            ("places_per_city", _("The places per city, if given, are at least one.")),
        ):
            self.fields[name].min_value = 1
            self.fields[name].widget.attrs["min"] = 1
            self.fields[name].validators = [MinValueValidator(1, message=message)]
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
        self.in_the_past = self.closes_now = False
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
        format_ = None if self.draft else cleaned.get("format")
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
            services.validate_meeting(fields, draft=self.draft)
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
        deadline = cleaned.get("registration_deadline")
        self.closes_now = (
            deadline is not None and deadline < timezone.now() and not self.in_the_past
            and (not self.instance.pk or deadline != self.instance.registration_deadline)
        )  # fmt: skip
        if self.closes_now and not cleaned.get("closed_confirmed"):
            self.add_error("closed_confirmed", _(
                "The registration deadline you gave, %(date)s, has passed: registration would "
                "close now. Check the date; if that is what you want, tick the box."
            ) % {"date": date_format(timezone.localtime(deadline), "DATETIME_FORMAT")})  # fmt: skip
        # Asked once: a meeting kept in its quarter is not asked again at each edit.
        new_quarter = not self.instance.pk or (
            Quarter.of(cleaned["starts_at"]) != Quarter.of(self.instance.starts_at)
        )
        self.same_quarter = (
            list(
                services.meetings_in_same_quarter(
                    network=self.network,
                    starts_at=cleaned["starts_at"],
                    exclude=self.instance if self.instance.pk else None,
                )
            )
            if new_quarter
            else []
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


def plan_quarter_choices(now=None) -> list[tuple[str, str]]:
    """The quarters a plan may start in: this one and the next eight."""
    return [
        (f"{quarter.year}-{quarter.number}", str(quarter))
        for quarter in plan.quarters_from(Quarter.of(now or timezone.now()), 9)
    ]


class PlanForm(forms.Form):
    """Which quarters to plan: asked first, so the rows below can be proposed. The fields'
    names are the page's query ("?od=2027-2&kwartaly=8")."""

    od = forms.ChoiceField(label=_("From the quarter"))
    kwartaly = forms.TypedChoiceField(
        label=_("Number of quarters"),
        coerce=int,
        choices=[(n, str(n)) for n in range(1, plan.LONGEST_PLAN + 1)],
        initial=8,
        help_text=_("A two-year cycle has 8 quarters."),
    )

    def __init__(self, *args, after=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["od"].choices = choices = plan_quarter_choices()
        # Proposed: the quarter after the last meeting held or planned, if one may start it.
        last = max((m.quarter for m in after if not m.is_cancelled), default=None)
        if last:
            following = plan.quarters_from(last, 2)[1]
            key = f"{following.year}-{following.number}"
            if key in dict(choices):
                self.fields["od"].initial = key

    def quarter(self) -> Quarter:
        year, number = self.cleaned_data["od"].split("-")
        return Quarter(int(year), int(number))

    def count(self) -> int:
        return self.cleaned_data["kwartaly"]


class PlannedMeetingForm(forms.Form):
    """One quarter of the plan: whether to plan it, and the proposed day, hours, host."""

    planned = forms.BooleanField(label=_("Plan a meeting in this quarter"), required=False)
    topic = OneLineField(label=_("Working topic"), max_length=200)
    day = forms.DateField(
        label=_("Proposed day"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        error_messages={"invalid": _("Give the day as day, month and year, e.g. 14.05.2027.")},
    )
    starts = forms.TimeField(
        label=_("From"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        input_formats=["%H:%M", "%H.%M"],
        error_messages={"invalid": _("Give the time as hours and minutes, e.g. 10:00.")},
    )
    ends = forms.TimeField(
        label=_("To"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        input_formats=["%H:%M", "%H.%M"],
        error_messages={"invalid": _("Give the time as hours and minutes, e.g. 13:00.")},
    )
    format = forms.ChoiceField(label=_("Format"), choices=MeetingFormat.choices)
    host_city = forms.ModelChoiceField(
        label=_("Host city"), queryset=City.objects.none(), required=False
    )

    def __init__(self, *args, row: "plan.PlannedQuarter", hosts, **kwargs):
        super().__init__(*args, **kwargs)
        self.row = row
        self.fields["host_city"].queryset = City.objects.filter(pk__in=[c.pk for c in hosts])
        self.fields["host_city"].choices = [("", _("— to be decided —"))] + [
            (city.pk, str(city)) for city in hosts
        ]
        self.fields["host_city"].help_text = _(
            "Suggested: the member cities that have not hosted yet take their turn."
        )
        self.fields["host_city"].marked_optional = False

    def full_clean(self):
        super().full_clean()
        if self.is_bound and not self.cleaned_data.get("planned"):
            self._errors = forms.utils.ErrorDict()  # a quarter left out is not checked

    def clean(self):
        cleaned = super().clean()
        day, starts, ends = cleaned.get("day"), cleaned.get("starts"), cleaned.get("ends")
        if starts and ends and ends <= starts:
            self.add_error("ends", _("The meeting must end after it starts."))
        if day and Quarter.of(day) != self.row.quarter:
            self.add_error("day", _("Choose a day in %(quarter)s.") % {"quarter": self.row.quarter})
        elif day and day <= timezone.localdate():
            self.add_error("day", _("Choose a day still to come."))
        return cleaned

    def meeting_fields(self) -> dict:
        data, tz = self.cleaned_data, timezone.get_current_timezone()
        return {
            "quarter": self.row.quarter,
            "topic": data["topic"],
            "starts_at": dt.datetime.combine(data["day"], data["starts"], tzinfo=tz),
            "ends_at": dt.datetime.combine(data["day"], data["ends"], tzinfo=tz),
            "format": data["format"],
            "host_city": data["host_city"],
        }


class PlanRowsFormSet(forms.BaseFormSet):
    """The free quarters' forms, titled by their quarter in the error summary."""

    default_error_messages = {"too_many_forms": TOO_MANY_ROWS}

    def __init__(self, data=None, *, rows, hosts):
        self.free, self.hosts = [row for row in rows if row.free], hosts
        # Never more forms than free quarters, whatever the posted count says.
        self.max_num = self.absolute_max = len(self.free)
        super().__init__(
            data,
            prefix="plan",
            initial=[
                {
                    "planned": True,
                    "topic": _("Meeting in %(quarter)s") % {"quarter": row.quarter},
                    "day": row.day,
                    "starts": dt.time(10),
                    "ends": dt.time(14),
                    "format": MeetingFormat.IN_PERSON,
                    "host_city": row.host_city.pk if row.host_city else None,
                }
                for row in self.free
            ],
        )

    def get_form_kwargs(self, index):
        return {"row": self.free[index], "hosts": self.hosts}

    def title_of(self, number):
        return str(self.free[number - 1].quarter)

    def planned(self) -> list[dict]:
        return [form.meeting_fields() for form in self.forms if form.cleaned_data.get("planned")]


PlanRows = forms.formset_factory(PlannedMeetingForm, formset=PlanRowsFormSet, extra=0)


class AttendanceReportForm(forms.Form):
    """An online meeting's participant report, read on cleaning (online_reports)."""

    report = forms.FileField(
        label=_("Participant report"),
        help_text=_(
            "The CSV file Zoom exports from Reports → Usage → Participants, or the attendance "
            "report Microsoft Teams downloads from the meeting's Attendance tab; at most 2 MB."
        ),
        error_messages={"required": _("Choose the participant report's file.")},
    )

    def clean_report(self):
        upload = self.cleaned_data["report"]
        if upload.size > online_reports.MAX_REPORT_BYTES:
            raise ValidationError(online_reports.too_large_message())
        try:
            self.read = online_reports.read_report(upload.read(online_reports.MAX_REPORT_BYTES + 1))
        except online_reports.ReportError as error:
            raise ValidationError(error.message) from None
        return upload


def registration_label(registration) -> str:
    profile = getattr(registration.person, "profile", None)
    city = profile.city.name if profile and profile.city else "ZMP"
    return f"{registration.person.public_name} ({city}, {registration.get_mode_display()})"


class AttendanceImportDecisionsForm(forms.Form):
    """For each row of the report matched to nobody: the registered person it is, or none."""

    def __init__(self, *args, preview, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("Nobody: ignore this row"))] + [
            (str(r.pk), registration_label(r)) for r in preview.choices
        ]
        for row in preview.unmatched:
            person = row.person
            name = person.name or _("(no name)")
            if person.email:
                label = _("Who is “%(name)s” (%(email)s)?") % {"name": name, "email": person.email}
            else:
                label = _("Who is “%(name)s”?") % {"name": name}
            self.fields[self.field_name(row)] = forms.ChoiceField(
                label=label,
                choices=choices,
                required=False,
                initial=str(row.suggested.pk) if row.suggested else "",
                help_text=_("Suggested by the name.") if row.suggested else "",
            )

    @staticmethod
    def field_name(row) -> str:
        return f"wiersz_{row.index}"

    def chosen_ids(self) -> set[int]:
        return {int(value) for value in self.cleaned_data.values() if value}


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
        choices=USEFULNESS_RATINGS,
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
