"""Cached pages that show meetings go stale when a meeting, its agenda, registrations,
report, photos or attachments change."""

from audit.registry import track
from empirie.cache import stale_on_change

from .models import (
    AgendaItem,
    Meeting,
    MeetingAttachment,
    MeetingPhoto,
    MeetingReport,
    Registration,
    WaitingListEntry,
)

stale_on_change(
    "meetings", Meeting, AgendaItem, Registration, WaitingListEntry, MeetingReport, MeetingPhoto,
    MeetingAttachment,
)  # fmt: skip
track(Meeting)
track(WaitingListEntry)
track(MeetingReport)
