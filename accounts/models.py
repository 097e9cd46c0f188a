import functools
import operator

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from empirie.cache import RemembersLoadedValues
from empirie.collation import SORT_KEY_LENGTH, sort_key
from empirie.labels import QuickChoiceLabels

from .choices import (
    LEADER_FUNCTIONS,
    EmailMode,
    Function,
    FunctionStatus,
    Language,
    NetworkAudience,
    NotificationKind,
)


class UserManager(DjangoUserManager):
    """Users are known by their e-mail address; there is no username."""

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(RemembersLoadedValues, AbstractUser):
    """A person with an account on the portal; logs in with their e-mail address."""

    # What other people are shown of a person (empirie.cache.stale_on_change).
    remembered_fields = ("first_name", "last_name", "is_active")

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    # Surname, then first name, in Polish alphabetical order (empirie.collation).
    sort_key = models.CharField(
        _("sort key"), max_length=SORT_KEY_LENGTH, db_collation="C", db_index=True, editable=False
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["sort_key", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ignoring_case"),
        ]

    def __str__(self):
        return self.public_name

    def save(self, *args, **kwargs):
        # Derived from the names like a slug, so kept by every path that writes them (sign-up,
        # profile, admin, erasure); bulk writes set it themselves (national_data).
        update_fields = kwargs.get("update_fields")
        if update_fields is None or {"first_name", "last_name"} & set(update_fields):
            self.sort_key = person_sort_key(self.first_name, self.last_name)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "sort_key"}
        super().save(*args, **kwargs)

    def refresh_from_db(self, *args, **kwargs):
        # The roles and second factor it brought from the cache go with the old rows.
        self.__dict__.pop("_network_roles", None)
        self.__dict__.pop("_has_mfa", None)
        super().refresh_from_db(*args, **kwargs)

    def forget_password_hash(self) -> None:
        """Drop the password hash before this instance goes into the shared cache
        (accounts.backends), keeping the session hash made from it: requests still verify
        their session without a query, and the hash is loaded again if anything asks."""
        self._session_auth_hash = (_secret_id(), self.get_session_auth_hash())
        self.__dict__.pop("password", None)

    def get_session_auth_hash(self):
        # Without the password loaded: the hash kept by forget_password_hash, if made with
        # today's SECRET_KEY (a new key makes every session's hash differ).
        if "password" not in self.__dict__:
            secret_id, session_hash = getattr(self, "_session_auth_hash", (None, None))
            if secret_id is not None and secret_id == _secret_id():
                return session_hash
        return super().get_session_auth_hash()

    @property
    def public_name(self) -> str:
        """How other people see the person: their name, never their e-mail address."""
        # is_active read only for a person without a name (lists load names alone).
        return self.get_full_name() or public_name("", "", is_active=self.is_active)


def public_name(first_name: str, last_name: str, *, is_active: bool) -> str:
    """User.public_name of a person read as values (long lists), not as an account."""
    if name := f"{first_name} {last_name}".strip():
        return name
    return gettext("a member of ZMP staff") if is_active else gettext("a former user")


def person_sort_key(first_name: str, last_name: str) -> str:
    """A person's place in lists: by surname, then first name, in Polish order."""
    return sort_key(last_name, first_name)


def _secret_id() -> str:
    """Which SECRET_KEY is in use, without revealing it."""
    return salted_hmac("accounts.User.secret-id", "", algorithm="sha256").hexdigest()[:16]


class Profile(QuickChoiceLabels, RemembersLoadedValues, models.Model):
    """What the portal knows of a person: their city and their function there."""

    # What other people are shown of a person (empirie.cache.stale_on_change).
    remembered_fields = ("city_id", "function", "function_status")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="profile",
        verbose_name=_("user"),
    )
    city = models.ForeignKey(
        "cities.City",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("city"),
        help_text=_("Empty for ZMP staff, who represent no city."),
    )
    function = models.CharField(
        _("function"), max_length=20, choices=Function.choices, default=Function.STAFF
    )
    function_status = models.CharField(
        _("function verification"),
        max_length=10,
        choices=FunctionStatus.choices,
        default=FunctionStatus.DECLARED,
    )
    # Since when a declared function awaits its verification (the desk says so).
    function_declared_at = models.DateTimeField(
        _("declared at"), default=timezone.now, editable=False
    )
    function_verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    function_verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    function_decision_reason = models.TextField(_("reason for the decision"), blank=True)
    email_mode = models.CharField(
        _("e-mails about notifications"),
        max_length=10,
        choices=EmailMode.choices,
        default=EmailMode.IMMEDIATE,
    )
    # E-mails and digests are written in it; the portal's pages follow the page's language.
    language = models.CharField(
        _("language of e-mails"),
        max_length=8,
        choices=Language.choices,
        default=Language.PL,
        # Rows written in bulk without it (the national data set's COPY) are Polish too.
        db_default=Language.PL,
        help_text=_("Notifications and digests are e-mailed to you in this language."),
    )

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")
        indexes = [
            # The verifiers' queue: leaders' functions awaiting a decision, the oldest first.
            models.Index(
                fields=["function_declared_at", "id"],
                condition=Q(function_status=FunctionStatus.DECLARED)
                & Q(function__in=sorted(LEADER_FUNCTIONS)),
                name="profile_awaiting_verification",
            ),
            # A city's people from the index alone (figures.staff's quiet cities: per city).
            models.Index(fields=["city"], include=["user"], name="profile_users_by_city"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(function__in=Function.values), name="profile_function_valid"
            ),
            models.CheckConstraint(
                condition=Q(function_status__in=FunctionStatus.values),
                name="profile_function_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(email_mode__in=EmailMode.values), name="profile_email_mode_valid"
            ),
            models.CheckConstraint(
                condition=Q(language__in=Language.values), name="profile_language_valid"
            ),
            # A verification or rejection always says when it was made.
            models.CheckConstraint(
                condition=Q(function_status=FunctionStatus.DECLARED)
                | Q(function_verified_at__isnull=False),
                name="profile_decision_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_function_display()}"

    @property
    def is_verified_kind(self) -> bool:
        """Only leaders' functions are verified: nobody else is told of verification."""
        return self.function in LEADER_FUNCTIONS


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The person's notifications, less news from networks they may no longer read: an
        inside they left, or a network they no longer observe. A deactivated account has none."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(recipient=user).filter(readable_q(user))


def readable_q(user) -> Q:
    """Which of the person's notifications they may read now."""
    from networks.access import access_of  # networks build on accounts

    access = access_of(user)
    return (
        Q(network__isnull=True)
        | Q(network_id__in=access.inside)
        | Q(network_audience=NetworkAudience.OBSERVERS, network_id__in=access.observed)
    )


class Notification(models.Model):
    """Something the portal tells one person: shown in the portal and, as they chose, e-mailed.

    Kept as a kind and its parameters, and worded when read (accounts.notification_texts), in
    the language of the page or of the person's e-mails."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=NotificationKind.choices)
    # The plain values the kind's wording needs (names and titles as they were, dates as ISO
    # strings, codes). NULL for notifications written before wordings were chosen when read:
    # those keep the Polish text they were stored with (legacy_title, legacy_body).
    params = models.JSONField(_("parameters"), null=True, blank=True)
    legacy_title = models.CharField(
        _("stored title"), max_length=200, blank=True, default="", db_default=""
    )
    legacy_body = models.TextField(_("stored text"), blank=True, default="", db_default="")
    # A path without a language prefix; the reader's is added when it is shown (`link`).
    url = models.CharField(_("link"), max_length=500, blank=True)
    network = models.ForeignKey(
        "networks.Network",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("network"),
        help_text=_("Set for news from a network's inside, which only its people may read."),
    )
    network_audience = models.CharField(
        _("readers in the network"),
        max_length=10,
        choices=NetworkAudience.choices,
        default=NetworkAudience.INSIDE,
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # Set in the same transaction that hands the e-mail to the mail server, so a retried
    # task sees it and sends nothing twice; also set, unsent, once the person may no longer
    # read it (news of a network they left), so no sweep or digest keeps finding it, and at
    # once for a person who wants no e-mails, so choosing them later sends nothing old.
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"]),
            models.Index(
                fields=["recipient"],
                condition=Q(emailed_at__isnull=True),
                name="notification_unsent",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=NotificationKind.values), name="notification_kind_valid"
            ),
        ]

    def __str__(self):
        # The admin's label: its kind, not its words (a message's are its two sides' alone).
        return f"{self.get_kind_display()} #{self.pk}"

    def worded(self, language: str | None = None):
        """(title, body) in the given language, or the one active now."""
        from .notification_texts import worded  # the wordings import the models' choices

        language = language or translation.get_language() or settings.LANGUAGE_CODE
        cache = self.__dict__.setdefault("_worded", {})
        if language not in cache:
            cache[language] = worded(self, language)
        return cache[language]

    @property
    def title(self) -> str:
        return self.worded()[0]

    @property
    def body(self) -> str:
        return self.worded()[1]

    def worded_html(self):
        """(title, body) for the page being drawn, in its language: escaped, with what people
        wrote marked lang="pl" on pages in another language."""
        from .notification_texts import worded_html

        language = translation.get_language() or settings.LANGUAGE_CODE
        cache = self.__dict__.setdefault("_worded_html", {})
        if language not in cache:
            cache[language] = worded_html(self, language)
        return cache[language]

    @property
    def title_html(self):
        return self.worded_html()[0]

    @property
    def body_html(self):
        return self.worded_html()[1]

    @property
    def link(self) -> str:
        """The link in the active language (/en/… on English pages and e-mails)."""
        from .notification_texts import localized_path

        return localized_path(self.url, translation.get_language())


class OutgoingEmail(models.Model):
    """The outbox: an e-mail written in the transaction that decided to send it, handed to
    the queue after the commit and, if the queue was down, by the sweeper once it is back.
    `sent_at` is set in the transaction that gives it to the mail server, so no retry or
    sweep sends it twice. Its links (password reset, confirmation) are not kept for long: a
    sent e-mail goes after 7 days, a failed one after 30 (accounts.services.outbox_purge)."""

    subject = models.CharField(_("subject"), max_length=998)
    body = models.TextField(_("body"))
    from_email = models.CharField(_("from"), max_length=254)
    to = models.JSONField(_("to"), default=list)
    alternatives = models.JSONField(default=list, blank=True)
    # Text files only (a meeting's .ics): [file name, content, content type].
    attachments = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    # Given up after EMAIL_MAX_ATTEMPTS failed tries (accounts.services.email_send): no longer
    # tried, until an administrator resends it.
    failed_at = models.DateTimeField(_("failed at"), null=True, blank=True)
    # After a failed try, when the sweeper may try again (backoff doubling with each try).
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    # Auto-Submitted, and List-Unsubscribe where the e-mail has one (accounts.mail).
    headers = models.JSONField(default=dict, blank=True)
    # The notifications a notification's or digest's e-mail tells of (left here after a failed
    # first try): each later try sends it only while its recipient may still read them all.
    notifications = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        indexes = [
            models.Index(
                fields=["created_at"], condition=Q(sent_at__isnull=True), name="email_unsent"
            )
        ]

    def __str__(self):
        return self.subject


class PartnerCardQuerySet(models.QuerySet):
    def shown(self):
        """Cards whose holder consented to show them, and whose account is active."""
        return self.filter(shown_since__isnull=False, user__is_active=True)

    def visible_to(self, user, network=None):
        """A card is for the people of the networks its holder works in: shown (the holder
        consented) to those who see the inside of a network whose inside the holder sees; a
        card of one of a closed network's people only to those who see that network's inside
        too. Administrators see every shown card; the holder sees their own.

        With `network`, the cards of that network's people only (its directory): those who
        do not see its inside see none, and for those who do its people are within reach by
        the rule above, so only the closed networks' clause is left to ask of each card."""
        # networks build on accounts
        from networks.access import access_of, closed_network_ids, sees_inside_q
        from networks.models import Participation

        access = access_of(user)
        if not access.authenticated:
            return self.none()
        shown = self.shown()
        if network is not None:
            people = Participation.objects.filter(
                sees_inside_q(network_id=network.pk), network=network
            ).values("person_id")
            shown = shown.filter(user_id__in=people)
            if not (access.administrator or network.pk in access.inside):
                return shown.none()
        if access.administrator:
            return shown
        # Asked of each card (EXISTS on the holder's participations), not as the set of
        # everyone reachable: a list of one network's cards probes only its own holders.
        holds = Participation.objects.filter(sees_inside_q(), person_id=OuterRef("user_id"))
        conditions = []
        if network is None:  # within one network whose inside the reader sees: all in reach
            conditions.append(Q(Exists(holds.filter(network_id__in=access.inside))))
        closed_elsewhere = closed_network_ids() - access.inside
        if closed_elsewhere:
            conditions.append(~Q(Exists(holds.filter(network_id__in=closed_elsewhere))))
        if not conditions:
            return shown
        return shown.filter(functools.reduce(operator.and_, conditions) | Q(user=user))


class PartnerCard(models.Model):
    """A person's card for the people of their networks (the directory of trusted partners):
    what they do and know, shown only with their consent, recorded with its time. Their
    function and city come from the profile, their practices from the practice database."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="partner_card",
        verbose_name=_("user"),
    )
    # The consent (RODO): None while not given or once withdrawn; nothing is shown then.
    shown_since = models.DateTimeField(_("shown with consent since"), null=True, blank=True)
    expertise = ArrayField(
        models.CharField(max_length=60),
        verbose_name=_("areas of expertise"),
        default=list,
        blank=True,
    )
    projects = models.TextField(_("projects run"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PartnerCardQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner card")
        verbose_name_plural = _("partner cards")
        indexes = [
            GinIndex(
                fields=["expertise"],
                condition=Q(shown_since__isnull=False),
                name="partner_card_expertise",
            )
        ]

    def __str__(self):
        return str(self.user)

    @property
    def is_shown(self) -> bool:
        return self.shown_since is not None

    @property
    def project_list(self) -> list[str]:
        return [line.strip() for line in self.projects.splitlines() if line.strip()]
