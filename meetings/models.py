from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .choices import MeetingFormat


class Meeting(models.Model):
    """A network's quarterly meeting, in person or online, hosted by a city."""

    network = models.ForeignKey(
        "networks.Network",
        on_delete=models.CASCADE,
        related_name="meetings",
        verbose_name=_("network"),
    )
    topic = models.CharField(_("lead topic"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
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

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="meeting_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(format__in=MeetingFormat.values), name="meeting_format_valid"
            ),
        ]
        indexes = [models.Index(fields=["network", "starts_at"])]

    def __str__(self):
        return f"{self.network}: {self.topic}"
