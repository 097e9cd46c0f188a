import uuid

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from empirie import uploads
from empirie.i18n import Quarter
from empirie.labels import QuickChoiceLabels
from networks.access import access_of, leaves_inside_q

from .choices import (
    AttendanceSource,
    MeetingFormat,
    PublicationLevel,
    RegistrationMode,
    ReminderKind,
    WaitingReason,
)


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Meetings of the networks whose inside the person sees."""
        access = access_of(user)
        if access.administrator:
            return self.all()
        return self.filter(network_id__in=access.inside).filter(
            Q(draft=False) | Q(network_id__in=access.coordinated)
        )

    def announced(self):
        """The dates and host cities of the coming meetings that a network's public page
        announces, as ZMP does: never a closed network's, never a draft."""
        return self.filter(leaves_inside_q(), cancelled_at__isnull=True, draft=False)

    def published(self):
        return self.filter(draft=False)

    def active(self):
        return self.filter(cancelled_at__isnull=True)


class RegistrationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Registrations for the meetings the person sees."""
        return self.filter(meeting__in=Meeting.objects.visible_to(user))


class MeetingReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A published report, by the level the coordinator chose (the network's inside, its
        observers too, or everyone); a closed network's never leaves its inside. Drafts are
        for the network's coordinators."""
        access = access_of(user)
        if access.administrator:
            return self.all()
        beyond_inside = Q(level=PublicationLevel.PUBLIC) | Q(
            level=PublicationLevel.OBSERVERS, meeting__network_id__in=access.observed
        )
        published = Q(published_at__isnull=False) & (
            Q(meeting__network_id__in=access.inside)
            | (leaves_inside_q("meeting__network") & beyond_inside)
        )
        return self.filter(published | Q(meeting__network_id__in=access.coordinated))


class MeetingFileQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A meeting's photos and documents go with its report; before there is one, to the
        network's coordinators."""
        access = access_of(user)
        if access.administrator:
            return self.all()
        return self.filter(
            Q(meeting__report__in=MeetingReport.objects.visible_to(user))
            | Q(meeting__network_id__in=access.coordinated)
        )


# The years a meeting may fall in: the networks' programme, with room on both sides. Outside
# them a date is a typing error (and PostgreSQL's or Python's calendar may not hold it).
MEETING_YEARS = (2000, 2100)


def within_meeting_years(moment):
    if moment is not None and not MEETING_YEARS[0] <= moment.year <= MEETING_YEARS[1]:
        raise ValidationError(
            _("Give a date between the years %(first)d and %(last)d."),
            params={"first": MEETING_YEARS[0], "last": MEETING_YEARS[1]},
            code="year_out_of_range",  # the error summary names the field
        )


class Meeting(QuickChoiceLabels, models.Model):
    """A network's quarterly meeting, in person, online or both, hosted by a city."""

    network = models.ForeignKey(
        "networks.Network",
        on_delete=models.CASCADE,
        related_name="meetings",
        verbose_name=_("network"),
    )
    # The edition it belongs to: the network's open one when it was made (its service sets it).
    edition = models.ForeignKey(
        "networks.Edition", on_delete=models.PROTECT, null=True, blank=True,
        related_name="meetings", verbose_name=_("edition"),
    )  # fmt: skip
    topic = models.CharField(_("lead topic"), max_length=200)
    created_at = models.DateTimeField(_("scheduled at"), default=timezone.now, editable=False)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts at"), validators=[within_meeting_years])
    ends_at = models.DateTimeField(_("ends at"), validators=[within_meeting_years])
    format = models.CharField(
        _("format"), max_length=10, choices=MeetingFormat.choices, default=MeetingFormat.IN_PERSON
    )
    host_city = models.ForeignKey(
        "cities.City",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_meetings",
        verbose_name=_("host city"),
    )
    venue_address = models.CharField(_("venue address"), max_length=255, blank=True)
    online_url = models.URLField(_("online meeting link"), blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty for no limit.")
    )
    places_per_city = models.PositiveIntegerField(
        _("places per city"),
        null=True,
        blank=True,
        help_text=_("How many people one city may send; empty for no limit."),
    )
    registration_deadline = models.DateTimeField(
        _("registration deadline"), null=True, blank=True, validators=[within_meeting_years]
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    # A meeting of the quarterly plan, not yet announced: only the network's coordinators see
    # it until its details are set and it is published.
    draft = models.BooleanField(_("draft"), default=False, db_default=False)
    # Answers to the evaluation survey keep no link to who gave them, unless the coordinator
    # announced otherwise before the meeting.
    survey_anonymous = models.BooleanField(
        _("anonymous evaluation survey"), default=True, db_default=True
    )
    # Raised on every change: calendar programs replace their copy of the event by it.
    sequence = models.PositiveIntegerField(_("version"), default=0, db_default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("scheduled by"),
    )
    # What the search reads of it (meetings.services.meeting_document); its report apart.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="meeting_ends_after_start",
                violation_error_message=_("The meeting must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(format__in=MeetingFormat.values), name="meeting_format_valid"
            ),
            models.CheckConstraint(
                condition=Q(registration_deadline__isnull=True)
                | Q(registration_deadline__lte=F("starts_at")),
                name="meeting_deadline_before_start",
                violation_error_message=_("The registration deadline must be before the start."),
            ),
            models.CheckConstraint(
                condition=Q(draft=True) | Q(format=MeetingFormat.IN_PERSON) | ~Q(online_url=""),
                name="meeting_online_has_link",
                violation_error_message=_("An online or hybrid meeting needs the link to join it."),
            ),
            models.CheckConstraint(
                condition=Q(draft=True) | Q(format=MeetingFormat.ONLINE) | ~Q(venue_address=""),
                name="meeting_in_person_has_venue",
                violation_error_message=_(
                    "A meeting in person or hybrid needs the venue's address."
                ),
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gt=0),
                name="meeting_capacity_positive",
                violation_error_message=_("The capacity, if given, is at least one place."),
            ),
            models.CheckConstraint(
                condition=Q(places_per_city__isnull=True) | Q(places_per_city__gt=0),
                name="meeting_places_per_city_positive",
                violation_error_message=_("The places per city, if given, are at least one."),
            ),
        ]
        indexes = [
            models.Index(fields=["network", "starts_at"]),
            GinIndex(fields=["search_vector"], name="meeting_search"),
            # A meeting's network and start from the index alone (figures.staff's quiet
            # cities: a probe for each attendance of a city's people).
            models.Index(
                fields=["id"], include=["network", "starts_at"], name="meeting_network_by_id"
            ),
        ]

    def __str__(self):
        return f"{self.network}: {self.topic}"

    @property
    def is_cancelled(self):
        return self.cancelled_at is not None

    @property
    def quarter(self):
        """The quarter it falls in, in Warsaw time: networks meet once a quarter."""
        return Quarter.of(self.starts_at)

    @property
    def has_begun(self):
        return self.starts_at <= timezone.now()

    @property
    def has_online_part(self):
        return self.format != MeetingFormat.IN_PERSON


class AgendaItem(models.Model):
    """One point of a meeting's agenda."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda", verbose_name=_("meeting")
    )
    starts_at = models.TimeField(_("time"))
    title = models.CharField(_("title"), max_length=200)
    speaker = models.CharField(_("speaker"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda")
        ordering = ["starts_at", "pk"]

    def __str__(self):
        return f"{self.starts_at:%H:%M} {self.title}"


class Registration(QuickChoiceLabels, models.Model):
    """A person's place at a meeting (in person or online), and later their attendance."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("meeting")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="meeting_registrations",
        verbose_name=_("person"),
    )
    mode = models.CharField(_("taking part"), max_length=10, choices=RegistrationMode.choices)
    registered_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    attendance_source = models.CharField(
        _("attendance recorded from"),
        max_length=5,
        choices=AttendanceSource.choices,
        blank=True,
        default="",
        db_default="",
    )
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["registered_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"], name="registration_once_per_person"
            ),
            models.CheckConstraint(
                condition=Q(mode__in=RegistrationMode.values), name="registration_mode_valid"
            ),
            models.CheckConstraint(
                condition=Q(attendance_source="")
                | Q(attendance_source__in=AttendanceSource.values),
                name="registration_attendance_source_valid",
            ),
        ]
        indexes = [
            # A person's attendances with their meeting (figures.staff's quiet cities).
            models.Index(
                fields=["person"],
                include=["meeting"],
                condition=Q(attended=True),
                name="registration_attended",
            ),
        ]

    def __str__(self):
        return f"{self.person} – {self.meeting}"


class WaitingListEntryQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The waiting lists of the meetings the person sees."""
        return self.filter(meeting__in=Meeting.objects.visible_to(user))

    def offered(self, now=None):
        """Entries holding a place offered to them that has not expired."""
        return self.filter(offer_expires_at__gt=now or timezone.now())


class WaitingListEntry(QuickChoiceLabels, models.Model):
    """A person waiting for a place at a full meeting (or one whose places for their city are
    taken). When a place frees, the first who may take it is offered it: held for them until
    `offer_expires_at`, then offered to the next."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="waiting_list", verbose_name=_("meeting")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="meeting_waiting_lists",
        verbose_name=_("person"),
    )
    mode = models.CharField(_("taking part"), max_length=10, choices=RegistrationMode.choices)
    reason = models.CharField(_("waiting because"), max_length=12, choices=WaitingReason.choices)
    position = models.PositiveIntegerField(_("position"))
    joined_at = models.DateTimeField(_("joined at"), auto_now_add=True)
    offered_at = models.DateTimeField(_("place offered at"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("offer expires at"), null=True, blank=True)

    objects = WaitingListEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("waiting-list entry")
        verbose_name_plural = _("waiting list")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="waiting_once_per_person"),
            models.CheckConstraint(
                condition=Q(reason__in=WaitingReason.values), name="waiting_reason_valid"
            ),
            models.CheckConstraint(
                condition=Q(offered_at__isnull=True, offer_expires_at__isnull=True)
                | Q(offered_at__isnull=False, offer_expires_at__gt=F("offered_at")),
                name="waiting_offer_has_expiry",
            ),
        ]
        indexes = [
            models.Index(fields=["meeting", "position"], name="waiting_list_order"),
            models.Index(
                fields=["offer_expires_at"],
                condition=Q(offer_expires_at__isnull=False),
                name="waiting_offer_expiry",
            ),
        ]

    def __str__(self):
        return f"{self.position}. {self.person} – {self.meeting}"

    @property
    def is_offered(self):
        return self.offer_expires_at is not None and self.offer_expires_at > timezone.now()


class Reminder(models.Model):
    """A reminder sent to one participant for one start: its row is what makes it go out only
    once for that date (a rescheduled meeting is reminded of again, for its new date)."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("meeting")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("person"),
    )
    kind = models.CharField(_("kind"), max_length=2, choices=ReminderKind.choices)
    starts_at = models.DateTimeField(_("reminded of the start at"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person", "kind", "starts_at"],
                name="reminder_once_per_person_kind_and_start",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ReminderKind.values), name="reminder_kind_valid"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.person} – {self.meeting}"


class CalendarFeed(models.Model):
    """A person's secret calendar subscription address; a new token revokes the old one."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("person"),
    )
    token = models.CharField(_("token"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now=True)

    class Meta:
        verbose_name = _("calendar subscription")
        verbose_name_plural = _("calendar subscriptions")

    def __str__(self):
        return str(self.person)


class MeetingReport(models.Model):
    """What a meeting left: the report, the minutes, and who may read them."""

    meeting = models.OneToOneField(
        Meeting, on_delete=models.CASCADE, related_name="report", verbose_name=_("meeting")
    )
    body = models.TextField(pgettext_lazy("meeting", "report"), help_text=_("Sanitised HTML."))
    minutes = models.TextField(pgettext_lazy("meeting", "minutes"), blank=True)
    level = models.CharField(
        _("who may read it"),
        max_length=10,
        choices=PublicationLevel.choices,
        default=PublicationLevel.MEMBERS,
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    view_count = models.PositiveIntegerField(_("views"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("updated by"),
    )
    # Apart from its meeting's: a report is read by its own rule (drafts by coordinators).
    search_vector = SearchVectorField(null=True, editable=False)

    objects = MeetingReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting report")
        verbose_name_plural = _("meeting reports")
        indexes = [GinIndex(fields=["search_vector"], name="meeting_report_search")]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__in=PublicationLevel.values), name="report_level_valid"
            ),
        ]

    def __str__(self):
        return str(self.meeting)


class MeetingPhoto(uploads.Photo):
    """A photo from a meeting's gallery."""

    owner_field = "meeting"

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="photos", verbose_name=_("meeting")
    )

    objects = MeetingFileQuerySet.as_manager()


class MeetingAttachment(uploads.Attachment):
    """A document from a meeting: PDF, DOCX, XLSX or PPTX."""

    owner_field = "meeting"

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("meeting")
    )

    objects = MeetingFileQuerySet.as_manager()


class CertificateQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A certificate is its holder's, and the coordinators' of the meeting's network (who
        hand them out); anyone else verifies one by its code only."""
        access = access_of(user)
        if access.administrator:
            return self.all()
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            Q(registration__person=user)
            | Q(registration__meeting__network_id__in=access.coordinated)
        )


class Certificate(models.Model):
    """A certificate of participation ("Zaświadczenie o udziale") for one person marked present.
    It keeps what it says as it was issued, so that its verification page shows exactly that,
    whatever changes later; `code` (at least 128 random bits) is what verifies it."""

    registration = models.OneToOneField(
        Registration,
        on_delete=models.CASCADE,
        related_name="certificate",
        verbose_name=_("registration"),
    )
    number = models.CharField(_("number"), max_length=32, unique=True)
    code = models.CharField(_("verification code"), max_length=64, unique=True)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    person_name = models.CharField(_("person"), max_length=300)
    meeting_topic = models.CharField(_("lead topic"), max_length=200)
    network_name = models.CharField(_("network"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=400)
    coordinator_name = models.CharField(_("coordinator"), max_length=300, blank=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate of participation")
        verbose_name_plural = _("certificates of participation")
        ordering = ["issued_at", "pk"]

    def __str__(self):
        return f"{self.number} {self.person_name}"


class SurveyAnswerQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Answers are read by the coordinators of the meeting's network (as aggregates, see
        meetings.selectors.survey_summary), never listed for anyone else."""
        access = access_of(user)
        if access.administrator:
            return self.all()
        return self.filter(meeting__network_id__in=access.coordinated)


class SurveyAnswer(models.Model):
    """One answer to a meeting's evaluation survey. An anonymous one has no person, no time
    and a random key, so nothing ties it to the SurveyTaken record of who answered."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="survey_answers", verbose_name=_("meeting")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
        help_text=_("Only when the survey is not anonymous."),
    )
    overall = models.PositiveSmallIntegerField(_("overall rating"))
    usefulness = models.PositiveSmallIntegerField(_("usefulness for my city"))
    to_change = models.TextField(_("what to change"), blank=True)
    topic_wishes = models.TextField(_("topics for the next meeting"), blank=True)

    objects = SurveyAnswerQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        constraints = [
            models.CheckConstraint(
                condition=Q(overall__gte=1, overall__lte=5), name="survey_overall_1_to_5"
            ),
            models.CheckConstraint(
                condition=Q(usefulness__gte=1, usefulness__lte=5),
                name="survey_usefulness_1_to_5",
            ),
        ]

    def __str__(self):
        return f"{self.meeting}: {self.overall}/{self.usefulness}"


class SurveyTaken(models.Model):
    """That a person has answered a meeting's survey: what stops a second answer."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="+", verbose_name=_("meeting")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("person"),
    )

    class Meta:
        verbose_name = _("survey answered")
        verbose_name_plural = _("surveys answered")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="survey_once_per_person")
        ]

    def __str__(self):
        return f"{self.person} – {self.meeting}"
