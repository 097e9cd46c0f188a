from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from empirie.cache import RemembersLoadedValues
from empirie.collation import SORT_KEY_LENGTH
from empirie.i18n import localized
from empirie.labels import QuickChoiceLabels

from .access import access_of
from .choices import (
    DECIDED_STATUSES,
    ENDED_AS,
    LIVE_STATUSES,
    NetworkKind,
    ParticipationAction,
    ParticipationStatus,
    Role,
)


class NetworkQuerySet(models.QuerySet):
    """Networks themselves are public (name, theme, member cities); their inside is not."""

    def with_inside_visible_to(self, user):
        """The networks whose inside (people, meetings, materials) the person may see."""
        return self.filter(pk__in=access_of(user).inside)

    def observed_by(self, user):
        """The networks whose results the person sees as an observer."""
        return self.filter(pk__in=access_of(user).observed)


class Network(models.Model):
    """An experience-exchange network (Sieć Wymiany Doświadczeń)."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(
        _("kind"), max_length=10, choices=NetworkKind.choices, default=NetworkKind.THEMATIC
    )
    name = models.CharField(_("name"), max_length=120, unique=True)
    theme = models.CharField(_("theme"), max_length=160)
    theme_en = models.CharField(
        _("theme in English"),
        max_length=160,
        blank=True,
        help_text=_("Shown on the English pages; the Polish theme when empty."),
    )
    description = models.TextField(_("description"), blank=True)

    objects = NetworkQuerySet.as_manager()

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=NetworkKind.values), name="network_kind_valid"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def theme_shown(self):
        """The theme in the page's language (empirie.i18n), knowing which one it is."""
        return localized(self.theme, self.theme_en)

    @property
    def is_closed(self):
        return self.kind == NetworkKind.LEADERS


class ParticipationQuerySet(models.QuerySet):
    def visible_to(self, user, network=None):
        """Participations the person may know of: in networks whose inside they see, and their own.
        With `network`, those of that network only: the same rule said for one network, without
        an OR whose rows the planner misjudges (16 expected, hundreds read one by one)."""
        access = access_of(user)
        rows = self if network is None else self.filter(network=network)
        if access.administrator:
            return rows.all()
        if not access.authenticated:
            return rows.none()
        if network is not None:
            return rows if network.pk in access.inside else rows.filter(person=user)
        return rows.filter(Q(network_id__in=access.inside) | Q(person=user))

    def public_composition(self):
        """Who takes part, as ZMP publishes it: the accepted member cities and ZMP's
        coordinators and experts of every network, the leaders' network too (what a network
        does is closed; who is in it is not)."""
        return self.filter(
            status=ParticipationStatus.ACCEPTED,
            role__in=[Role.MEMBER, Role.COORDINATOR, Role.EXPERT],
        )

    def live(self):
        return self.filter(status__in=LIVE_STATUSES)


class Participation(QuickChoiceLabels, RemembersLoadedValues, models.Model):
    """A person's role in a network (member, coordinator, expert, observer) and its history."""

    # Who takes part, where and how, as pages show it (not when it was decided).
    remembered_fields = ("person_id", "network_id", "city_id", "role", "status")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="participations",
        verbose_name=_("person"),
    )
    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="participations", verbose_name=_("network")
    )
    city = models.ForeignKey(
        "cities.City",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=_("city represented"),
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ParticipationStatus.choices,
        default=ParticipationStatus.APPLIED,
    )
    motivation = models.TextField(_("motivation"), blank=True)
    applied_at = models.DateTimeField(_("applied at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    left_at = models.DateTimeField(_("left at"), null=True, blank=True)
    # The seat a successor took over (networks.successions): whom the city's questions go to
    # once its holder has left the office (partners.rules.practice_contact).
    taken_over_from = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="taken_over_by",
        verbose_name=_("taken over from"),
    )
    # When the person last opened the network's inside: their desk calls newer things new.
    inside_seen_at = models.DateTimeField(_("inside last opened"), null=True, blank=True)
    # The latest moment the person took part in the network: a meeting of it attended (its
    # start), a post in its discussions, a comment on its results. Kept by networks.activity
    # whatever writes those; figures.staff's quiet cities read it instead of a year of them.
    last_active_at = models.DateTimeField(
        _("last took part"), null=True, blank=True, editable=False
    )
    # The city's sort key, then the person's (ZMP's staff, with no city, after the cities):
    # the inside's list of people is read in this order from an index, not sorted from every
    # row joined to its person and city. Kept by the database (migration 0005's triggers),
    # whatever writes a participation, a person's name or a city's.
    sort_key = models.CharField(
        _("sort key"), max_length=2 * SORT_KEY_LENGTH + 1, db_collation="C", editable=False,
        default="",
    )  # fmt: skip

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["network", "role", "applied_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "network"],
                condition=Q(status__in=LIVE_STATUSES),
                name="participation_one_live_role_per_person_and_network",
            ),
            models.CheckConstraint(
                condition=Q(role__in=Role.values), name="participation_role_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ParticipationStatus.values),
                name="participation_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=DECIDED_STATUSES) | Q(decided_at__isnull=False),
                name="participation_decision_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status=ParticipationStatus.LEFT) | Q(left_at__isnull=False),
                name="participation_leaving_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["network", "status", "role", "sort_key"]),
            # The public statistics count each network's member cities from this alone.
            models.Index(
                fields=["network", "city"],
                condition=Q(status=ParticipationStatus.ACCEPTED, role=Role.MEMBER),
                name="participation_member_cities",
            ),
            # Is the author an observer of the network? (figures.staff's opinions, a probe a
            # comment), from the index alone.
            models.Index(
                fields=["network", "person"],
                condition=Q(role=Role.OBSERVER),
                name="participation_observers",
            ),
            # Has anyone of the city taken part in the network since a date? (figures.staff's
            # quiet cities), from the index alone; only the rows that ever took part.
            models.Index(
                fields=["network", "city", "last_active_at"],
                condition=Q(last_active_at__isnull=False, city__isnull=False),
                name="participation_city_activity",
            ),
        ]

    def __str__(self):
        return f"{self.person} – {self.get_role_display()} – {self.network}"

    def save(self, *args, **kwargs):
        # last_active_at is networks.activity's, written by UPDATE: a save of the whole row
        # (the admin's, one made just after creating it) leaves the database's value alone,
        # whatever older one the instance holds.
        whole = kwargs.get("update_fields") is None and not kwargs.get("force_insert")
        if whole and not self._state.adding:
            kwargs["update_fields"] = [
                field.name for field in self._meta.concrete_fields
                if not field.primary_key and field.name != "last_active_at"
            ]  # fmt: skip
        super().save(*args, **kwargs)

    def status_shown(self, last_action=None, last_actor_id=None) -> str:
        """The status as the person reads it: an ended one says how it ended, by its last
        step and who took it (selectors.person_participations annotates both), not "left"
        for every end; an application withdrawn by someone else (with a seat's hand-over)
        says so."""
        if self.status != ParticipationStatus.LEFT or last_action not in ENDED_AS:
            return self.get_status_display()
        if last_action == ParticipationAction.WITHDRAWN and last_actor_id not in (
            None,
            self.person_id,
        ):
            return str(_("ended (application withdrawn by a coordinator)"))
        return str(ENDED_AS[last_action])


class ParticipationEvent(models.Model):
    """One step in a participation's history: who did what, when and why."""

    participation = models.ForeignKey(
        Participation,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("participation"),
    )
    action = models.CharField(_("action"), max_length=10, choices=ParticipationAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    reason = models.TextField(_("reason"), blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("participation history entry")
        verbose_name_plural = _("participation history")
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=ParticipationAction.values),
                name="participation_event_action_valid",
            ),
        ]

    def __str__(self):
        return f"{self.participation}: {self.get_action_display()}"


class EditionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(closed_at__isnull=True)


class Edition(models.Model):
    """A cycle of a network's work (e.g. "2022–2024"): its meetings, results and threads belong
    to it. Closing it archives them (read-only, still read by those who could); the network
    has at most one open edition, where new work goes."""

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="editions", verbose_name=_("network")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=60)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )

    objects = EditionQuerySet.as_manager()

    class Meta:
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        ordering = ["network", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "number"], name="edition_number_unique_per_network"
            ),
            models.UniqueConstraint(
                fields=["network"],
                condition=Q(closed_at__isnull=True),
                name="edition_one_open_per_network",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="edition_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        return f"{self.network} – {self.name}"

    def get_absolute_url(self):
        return reverse("networks:edition", args=[self.network.slug, self.number])

    @property
    def is_closed(self):
        return self.closed_at is not None

    @property
    def has_started(self):
        """An edition opened ahead of its start is the next one until that day."""
        return self.starts_on <= timezone.localdate()


class Continuation(models.Model):
    """A member asked, when an edition opened, to confirm they continue in it: confirmed, or
    after CONTINUATION_DAYS ended with the reason "did not continue" (`ended_at`, once), or
    no longer needed (`cancelled_at`)."""

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="continuations", verbose_name=_("edition")
    )
    participation = models.ForeignKey(
        Participation,
        on_delete=models.CASCADE,
        related_name="continuations",
        verbose_name=_("participation"),
    )
    asked_at = models.DateTimeField(_("asked at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    # No longer asked: its edition closed before the answer, or the person can no longer see
    # the request (a leader's function unverified): nobody ends for an unanswerable question.
    cancelled_at = models.DateTimeField(_("no longer needed since"), null=True, blank=True)

    class Meta:
        verbose_name = _("confirmation of continuing")
        verbose_name_plural = _("confirmations of continuing")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "participation"], name="continuation_once_per_edition"
            ),
            models.CheckConstraint(
                condition=Q(confirmed_at__isnull=True) | Q(ended_at__isnull=True),
                name="continuation_confirmed_or_ended",
            ),
        ]
        indexes = [
            # The daily task reads the unanswered ones by when they were asked.
            models.Index(
                fields=["asked_at"],
                condition=Q(confirmed_at__isnull=True, ended_at__isnull=True),
                name="continuation_unanswered",
            ),
        ]

    def __str__(self):
        return f"{self.participation} – {self.edition.name}"

    @property
    def is_settled(self) -> bool:
        """No longer asks anything: cancelled, or its edition is over."""
        return self.cancelled_at is not None or self.edition.is_closed
