from celery import shared_task

from . import editions


@shared_task
def end_unconfirmed_continuations():
    """Members who did not confirm they continue in a new edition within 30 days leave."""
    editions.continuations_end_due()
