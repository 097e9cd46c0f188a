from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """Who changed what, when and from where. It names the object rather than pointing at
    it, so the entry outlives the object."""

    class Action(models.TextChoices):
        CREATED = "created", _("created")
        CHANGED = "changed", _("changed")
        DELETED = "deleted", _("deleted")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # As the actor was named at the time; "system" for tasks and commands.
    actor_label = models.CharField(_("who (as then)"), max_length=254)
    ip = models.GenericIPAddressField(_("from where (IP)"), null=True, blank=True)
    action = models.CharField(_("what"), max_length=10, choices=Action.choices)
    object_type = models.CharField(_("kind of object"), max_length=100, db_index=True)
    object_id = models.CharField(_("object's id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=200)
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label}: {self.action} {self.object_repr}"
