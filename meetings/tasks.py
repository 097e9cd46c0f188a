from celery import shared_task

from . import services


@shared_task
def send_meeting_reminders():
    for registration_id, kind, starts_at in services.reminders_due():
        send_meeting_reminder.delay(registration_id, kind, starts_at)


@shared_task
def send_meeting_reminder(registration_id, kind, starts_at=None):
    services.reminder_send(registration_id=registration_id, kind=kind, starts_at=starts_at)


@shared_task
def send_survey_invitations():
    for registration_id, starts_at in services.survey_invitations_due():
        send_survey_invitation.delay(registration_id, starts_at)


@shared_task
def send_survey_invitation(registration_id, starts_at=None):
    services.survey_invite(registration_id=registration_id, starts_at=starts_at)


@shared_task
def pass_on_expired_offers():
    services.waiting_offers_expire()


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def make_photo_thumbnail(photo_id):
    services.photo_make_thumbnail(photo_id)
