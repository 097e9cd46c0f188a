import datetime as dt

from celery import shared_task

from . import retention, services

# Mail server hiccups are retried; each retry finds what was already sent and skips it.
RETRY = {"autoretry_for": (OSError,), "retry_backoff": True, "max_retries": 5}


@shared_task
def send_email(email_id):
    # No task retries: a failed try is recorded on the outbox row with the time of the next,
    # which the sweeper keeps (backoff), up to EMAIL_MAX_ATTEMPTS.
    services.email_send(email_id)


@shared_task(**RETRY)
def deliver_notification_email(notification_id):
    services.notification_email_deliver(notification_id)


# Notifications a delivery task e-mails, for news that reaches a whole network (notify_all).
# A retry resends nothing: each is marked as sent in its own transaction.
EMAILS_PER_TASK = 100


@shared_task(**RETRY)
def deliver_notification_emails(notification_ids):
    for notification_id in notification_ids:
        services.notification_email_deliver(notification_id)


@shared_task(**RETRY)
def send_digest(person_id):
    services.digest_send(person_id)


# People a digest task serves: fewer tasks to queue and acknowledge, while a retry of the
# task resends nothing (each person's digest is its own transaction, marked as it goes).
DIGESTS_PER_TASK = 100


@shared_task(**RETRY)
def send_digests(person_ids):
    for person_id in person_ids:
        services.digest_send(person_id)


@shared_task
def send_daily_digests():
    batch = []
    for person_id in services.digest_recipients():
        batch.append(person_id)
        if len(batch) == DIGESTS_PER_TASK:
            send_digests.delay(batch)
            batch = []
    if batch:
        send_digests.delay(batch)


@shared_task
def send_unsent_notifications():
    """The sweeper (beat, every 10 minutes): notifications and outbox e-mails the broker
    missed, and outbox e-mails due for another try after a failure."""
    services.relay_unsent(dt.timedelta(minutes=5))


@shared_task
def purge_outbox():
    """Daily (beat): outbox e-mails hold reset and confirmation links; sent ones go after 7
    days, given up ones after 30."""
    services.outbox_purge()


@shared_task
def clear_expired_sessions():
    """Daily (beat): `manage.py clearsessions`, in batches (accounts.retention)."""
    return retention.expired_sessions_clear()


@shared_task
def purge_read_notifications():
    """Daily (beat): notifications read and older than a year (accounts.retention)."""
    return retention.read_notifications_purge()
