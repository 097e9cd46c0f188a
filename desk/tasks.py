from celery import shared_task

from . import services


@shared_task
def recount_to_do():
    """The navigation's "To do" numbers counted again, after changes and every five minutes."""
    return services.to_do_recount()
