"""The cached unread count of a person goes when anything that decides it changes: their
notifications, their memberships (what they may read) or their profile (a verified function)."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from audit.registry import track
from empirie.cache import stale_on_change
from networks.models import Participation

from .models import Notification, Profile, User
from .selectors import unread_changed

stale_on_change("people", User, Profile)  # names and functions shown on pages
track(Profile)  # function verification among the rest
track(User, exclude=("password", "email", "first_name", "last_name"))  # no names in the log


def _notifications_changed(person_id):
    unread_changed(person_id)  # for this transaction's own later reads, and again after it
    transaction.on_commit(lambda: unread_changed(person_id))


@receiver([post_save, post_delete], sender=Notification)
def notification_changed(sender, instance, **kwargs):
    _notifications_changed(instance.recipient_id)


@receiver([post_save, post_delete], sender=Participation)
def participation_changed(sender, instance, **kwargs):
    _notifications_changed(instance.person_id)


@receiver([post_save, post_delete], sender=Profile)
def profile_changed(sender, instance, **kwargs):
    _notifications_changed(instance.user_id)
