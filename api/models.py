import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# "emp_" + an 8-character prefix (found by it) + "_" + 256 random bits: the prefix says which
# token it is in a log or a list, the secret is stored only as its SHA-256.
TOKEN_START = "emp_"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def live(self):
        return self.filter(revoked_at__isnull=True)

    def visible_to(self, user):
        """A person's own tokens; nobody else's, not even an administrator's to read here."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(person=user)


class ApiToken(models.Model):
    """A person's personal, read-only token for the API, stored as a hash."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("person"),
    )
    name = models.CharField(_("name"), max_length=80)
    prefix = models.CharField(_("prefix"), max_length=8, unique=True, editable=False)
    key_hash = models.CharField(_("hash of the token"), max_length=64, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(prefix__regex=r"^[0-9a-f]{8}$"), name="api_token_prefix_format"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({TOKEN_START}{self.prefix}…)"

    @property
    def shown_prefix(self) -> str:
        return f"{TOKEN_START}{self.prefix}"
