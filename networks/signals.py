"""The cached network list goes stale when a network or anyone's participation changes; every
cached page when a network does (they show its name); pages that show people when a
participation does."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from audit.registry import track
from empirie.cache import stale_on_change

from .models import Network, Participation
from .selectors import networks_changed

stale_on_change("portal", Network)
stale_on_change("network-kinds", Network)  # networks.access: which are closed
track(Network)
track(Participation)
stale_on_change("people", Participation)


@receiver([post_save, post_delete], sender=Network)
@receiver([post_save, post_delete], sender=Participation)
def network_or_participation_saved(sender, **kwargs):
    transaction.on_commit(networks_changed)  # after the commit: no request caches old data
