"""Cached views of practices go stale whenever a practice, its networks or a city change,
however the change is made (portal, admin, import)."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from cities.models import City

from .models import Practice
from .selectors import practices_changed


@receiver([post_save, post_delete], sender=Practice)
@receiver([post_save, post_delete], sender=City)
def practice_saved(sender, **kwargs):
    # After the commit, so no request caches the old data in between.
    transaction.on_commit(practices_changed)


@receiver(m2m_changed, sender=Practice.networks.through)
def practice_networks_changed(sender, action, **kwargs):
    if action.startswith("post_"):
        transaction.on_commit(practices_changed)
