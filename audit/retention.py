"""The audit log is kept for settings.AUDIT_RETENTION_DAYS (five years unless set), then
deleted by beat (audit.tasks), as the privacy notice says."""

import datetime as dt

from django.conf import settings
from django.utils import timezone

from empirie.retention import delete_in_batches

from .models import AuditEntry


def audit_log_purge(batch_size=None) -> int:
    """Delete the entries older than the retention period; return how many went."""
    cutoff = timezone.now() - dt.timedelta(days=settings.AUDIT_RETENTION_DAYS)
    return delete_in_batches(AuditEntry.objects.filter(at__lt=cutoff), batch_size=batch_size)
