from celery import shared_task

from . import services


@shared_task
def remind_consultation_deadlines():
    for thread_id in services.consultations_to_remind():
        remind_consultation_deadline.delay(thread_id)


@shared_task
def remind_consultation_deadline(thread_id):
    services.feedback_remind(thread_id=thread_id)
