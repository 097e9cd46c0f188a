"""The cached network list goes stale when a network or anyone's participation changes."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Network, Participation
from .selectors import networks_changed


@receiver([post_save, post_delete], sender=Network)
@receiver([post_save, post_delete], sender=Participation)
def network_or_participation_saved(sender, **kwargs):
    transaction.on_commit(networks_changed)  # after the commit: no request caches old data
