import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cities.models import City
from empirie.widgets import RICH_TEXT_HELP, RichTextarea

from . import services
from .choices import PublicationLevel, RegistrationMode
from .models import Meeting, within_meeting_years
from .rules import report_levels

LOCAL_INPUT = {"type": "datetime-local"}
LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


def local_datetime_widget():
    # Entered and shown in the portal's time zone (Europe/Warsaw); Django stores UTC.
    return forms.DateTimeInput(attrs=LOCAL_INPUT, format=LOCAL_FORMAT)


class MeetingForm(forms.ModelForm):
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "One item a line: time | title | speaker, for example "
            "“10:00 | Opening | Coordinator”. The speaker may be left out."
        ),
    )
    same_quarter_confirmed = forms.BooleanField(
        label=_("Schedule it anyway, although the network already meets this quarter"),
        required=False,
    )

    class Meta:
        model = Meeting
        fields = list(services.MEETING_FIELDS)
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
        for name in ("starts_at", "ends_at", "registration_deadline"):
            self.fields[name].input_formats = [LOCAL_FORMAT]
            # Checked with the field, before clean() counts the quarter the date falls in.
            self.fields[name].validators.append(within_meeting_years)
        if self.instance.pk and not self.is_bound:
            self.initial["agenda"] = "\n".join(
                " | ".join(filter(None, [f"{item.starts_at:%H:%M}", item.title, item.speaker]))
                for item in self.instance.agenda.all()
            )
        self.same_quarter = []

    def clean_agenda(self):
        items, errors = [], []
        for number, line in enumerate(self.cleaned_data["agenda"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|")]
            try:
                time = dt.datetime.strptime(parts[0], "%H:%M").time()
            except ValueError:
                errors.append(_("Line %(n)d: start with a time like 10:00.") % {"n": number})
                continue
            if len(parts) < 2 or not parts[1]:
                errors.append(_("Line %(n)d: give the item's title after “|”.") % {"n": number})
                continue
            items.append(
                {"starts_at": time, "title": parts[1][:200], "speaker": " ".join(parts[2:])[:200]}
            )
        if errors:
            raise ValidationError(errors)
        return items

    def clean(self):
        cleaned = super().clean()
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
        return {name: self.cleaned_data[name] for name in services.MEETING_FIELDS}


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


class PhotoForm(forms.Form):
    image = forms.FileField(
        label=_("Photo"),
        help_text=_("JPEG, PNG or WebP, up to 10 MB, 200 to 8000 pixels on each side."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    caption = forms.CharField(
        label=_("What the photo shows"),
        max_length=300,
        help_text=_("Read aloud to people who cannot see the photo."),
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Document"),
        help_text=_("PDF, DOCX, XLSX or PPTX, up to 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.pptx"}),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
