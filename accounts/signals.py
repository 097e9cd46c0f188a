"""A person's notification list and unread count go stale when their notifications change;
what they may read of them is in the cache key (their access fingerprint), so a membership or
a verification that changes needs nothing here."""

from allauth.mfa.models import Authenticator
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from audit.registry import track
from empirie.cache import changed_now_and_on_commit, stale_on_change

from .models import Notification, Profile, User
from .selectors import notifications_family, person_family

stale_on_change("people", User, Profile, shown_only=True)  # names and functions on pages
track(Profile)  # function verification among the rest
track(User, exclude=("password", "email", "first_name", "last_name"))  # no names in the log


@receiver([post_save, post_delete], sender=Notification)
def notification_changed(sender, instance, **kwargs):
    changed_now_and_on_commit(notifications_family(instance.recipient_id))


@receiver([post_save, post_delete], sender=Authenticator)
def second_factor_changed(sender, instance, **kwargs):
    """The cached person says whether they have an authenticator app (accounts.backends):
    one set up or removed counts on their next request."""
    changed_now_and_on_commit(person_family(instance.user_id))
