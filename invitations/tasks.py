from celery import shared_task

from . import services


@shared_task
def send_invitation_reminders():
    for invitation_id in services.reminders_due():
        services.invitation_remind(invitation_id=invitation_id)


@shared_task
def purge_unaccepted_invitations():
    services.invitations_purge()
