from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    """Each person's desk: what awaits them across the networks. It belongs to no one app:
    it composes every app's selectors (each says what the person may see) into one page."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "desk"
    verbose_name = _("Desk")

    def ready(self):
        from . import signals  # noqa: F401  # the stored numbers hear of changes
