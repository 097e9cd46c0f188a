"""The cached unread count of a person goes when anything that decides it changes: their
notifications, their memberships (what they may read) or their profile (a verified function)."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from networks.models import Participation

from .models import Notification, Profile
from .selectors import unread_changed


def _after_commit(person_id):
    transaction.on_commit(lambda: unread_changed(person_id))


@receiver([post_save, post_delete], sender=Notification)
def notification_changed(sender, instance, **kwargs):
    _after_commit(instance.recipient_id)


@receiver([post_save, post_delete], sender=Participation)
def participation_changed(sender, instance, **kwargs):
    _after_commit(instance.person_id)


@receiver([post_save, post_delete], sender=Profile)
def profile_changed(sender, instance, **kwargs):
    _after_commit(instance.user_id)
