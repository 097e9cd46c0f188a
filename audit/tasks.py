from celery import shared_task

from .retention import audit_log_purge


@shared_task
def purge_audit_log():
    """Daily (beat): entries past AUDIT_RETENTION_DAYS go, a batch at a time."""
    return audit_log_purge()
