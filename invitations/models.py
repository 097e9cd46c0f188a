import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.choices import Function
from networks.access import access_of
from networks.choices import Role

# The link is a secret of 256 random bits; only its SHA-256 is stored, so the table read by
# anyone (a backup, a leak) opens no invitation.
TOKEN_BYTES = 32


def token_new() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitedRole(models.TextChoices):
    """The roles a coordinator invites to; a coordinator is named by ZMP, not invited."""

    MEMBER = Role.MEMBER.value, Role.MEMBER.label
    EXPERT = Role.EXPERT.value, Role.EXPERT.label
    OBSERVER = Role.OBSERVER.value, Role.OBSERVER.label


class InvitationState(models.TextChoices):
    # An invitation's (Polish: "zaproszenie", neuter), not a participation's.
    PENDING = "pending", pgettext_lazy("invitation", "pending")
    ACCEPTED = "accepted", pgettext_lazy("invitation", "accepted")
    EXPIRED = "expired", pgettext_lazy("invitation", "expired")
    REVOKED = "revoked", pgettext_lazy("invitation", "withdrawn")


class InvitationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A network's invitations are its coordinators' (and administrators') business: they
        name people who have not joined. The invitee reaches theirs by its link, not a list."""
        access = access_of(user)
        if access.administrator:
            return self.all()
        return self.filter(network_id__in=access.coordinated)

    def pending(self, now=None):
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now or timezone.now()
        )

    def in_state(self, state, now=None):
        now = now or timezone.now()
        if state == InvitationState.PENDING:
            return self.pending(now)
        if state == InvitationState.ACCEPTED:
            return self.filter(accepted_at__isnull=False)
        if state == InvitationState.REVOKED:
            return self.filter(revoked_at__isnull=False)
        if state == InvitationState.EXPIRED:
            return self.filter(
                accepted_at__isnull=True, revoked_at__isnull=True, expires_at__lte=now
            )
        return self

    def by_token(self, token: str):
        """The invitation a link names (the first e-mail's or the reminder's), or nothing."""
        digest = token_hash(token)
        return self.filter(Q(token_hash=digest) | Q(reminder_token_hash=digest))


class Invitation(models.Model):
    """A coordinator's invitation of a person, by e-mail, to a network in a role."""

    network = models.ForeignKey(
        "networks.Network",
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("network"),
    )
    email = models.EmailField(_("e-mail address"))  # kept in lower case
    name = models.CharField(_("name"), max_length=150, blank=True)
    city = models.ForeignKey(
        "cities.City",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("city"),
    )
    function = models.CharField(_("function"), max_length=20, choices=Function.choices, blank=True)
    role = models.CharField(_("role"), max_length=12, choices=InvitedRole.choices)
    token_hash = models.CharField(_("link (SHA-256)"), max_length=64, unique=True, editable=False)
    # The reminder carries a link of its own (the first one is not stored to be sent again);
    # NULL until then, as a unique column holds many NULLs but one empty string.
    reminder_token_hash = models.CharField(  # noqa: DJ001
        _("reminder's link (SHA-256)"), max_length=64, unique=True, null=True, editable=False
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("invited at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    participation = models.ForeignKey(
        "networks.Participation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("participation"),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=InvitedRole.values), name="invitation_role_valid"
            ),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(revoked_at__isnull=True),
                name="invitation_accepted_or_revoked",
            ),
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")),
                name="invitation_expires_after_made",
            ),
            models.CheckConstraint(
                condition=Q(email=models.functions.Lower("email")),
                name="invitation_email_lower_case",
            ),
        ]
        indexes = [
            # The coordinator's list: a network's invitations, newest first.
            models.Index(fields=["network", "-created_at", "-id"], name="invitation_network_list"),
            # The reminders' beat task: pending ones not yet reminded, by expiry.
            models.Index(
                fields=["expires_at"],
                condition=Q(
                    accepted_at__isnull=True, revoked_at__isnull=True, reminded_at__isnull=True
                ),
                name="invitation_to_remind",
            ),
            models.Index(fields=["network", "email"], name="invitation_network_email"),
        ]

    def __str__(self):
        return f"{self.email} – {self.get_role_display()} – {self.network}"

    def state(self, now=None) -> str:
        if self.revoked_at:
            return InvitationState.REVOKED
        if self.accepted_at:
            return InvitationState.ACCEPTED
        if self.expires_at <= (now or timezone.now()):
            return InvitationState.EXPIRED
        return InvitationState.PENDING

    def get_state_display(self):
        return InvitationState(self.state()).label
