from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings")

    def ready(self):
        from accounts.choices import NotificationKind
        from accounts.services import ATTACHED_TO_NOTIFICATIONS

        from . import signals  # noqa: F401
        from .services import calendar_attachments

        for kind in (NotificationKind.MEETING_CHANGED, NotificationKind.MEETING_CANCELLED):
            ATTACHED_TO_NOTIFICATIONS[kind] = calendar_attachments
