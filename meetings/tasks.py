from celery import shared_task

from . import services


@shared_task
def send_meeting_reminders():
    for registration_id, kind in services.reminders_due():
        send_meeting_reminder.delay(registration_id, kind)


@shared_task
def send_meeting_reminder(registration_id, kind):
    services.reminder_send(registration_id=registration_id, kind=kind)
