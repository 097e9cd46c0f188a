from celery import shared_task

from . import services


@shared_task
def remind_consultation_deadlines():
    for thread_id in services.consultations_to_remind():
        remind_consultation_deadline.delay(thread_id)


@shared_task
def remind_consultation_deadline(thread_id):
    services.feedback_remind(thread_id=thread_id)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def make_photo_thumbnail(photo_id):
    services.photo_make_thumbnail(photo_id)
