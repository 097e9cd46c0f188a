"""The cached network list goes stale when a network or anyone's participation changes; every
cached page when a network does (they show its name); pages that show people when a
participation does. A person's own copies (account, roles) and the people of their networks
go stale when they change, and only then: another person's change costs them nothing."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from accounts.models import Profile, User
from accounts.selectors import person_family
from audit.registry import track
from empirie.cache import (
    changed_now_and_on_commit,
    only_a_log_in,
    shown_fields_changed,
    stale_on_change,
)

from .models import Continuation, Edition, Network, Participation
from .selectors import network_people_family, networks_changed

stale_on_change("portal", Network)
stale_on_change("network-kinds", Network)  # networks.access: which are closed
track(Network)
track(Participation)
stale_on_change("people", Participation, shown_only=True)
# The network's pages name its current edition and link to the past ones (rarely changes).
stale_on_change("portal", Edition)
track(Edition)


@receiver(post_save, sender=Network)
def network_made(sender, instance, created, raw=False, **kwargs):
    """A new network starts with its first edition, where its work goes."""
    if created and not raw:
        from .editions import edition_first

        edition_first(instance)


@receiver([post_save, post_delete], sender=Continuation)
def continuation_changed(sender, instance, **kwargs):
    """The person's desk lists their unanswered request to continue."""
    person_id = (
        Participation.objects.filter(pk=instance.participation_id)
        .values_list("person_id", flat=True).first()
    )  # fmt: skip
    if person_id is not None:
        changed_now_and_on_commit(person_family(person_id))


@receiver([post_save, post_delete], sender=Network)
@receiver([post_save, post_delete], sender=Participation)
def network_or_participation_saved(sender, instance, signal, **kwargs):
    counted = sender is Network or signal is post_delete
    if not counted and not shown_fields_changed(instance):
        return  # the list counts member cities: nothing it counts changed
    transaction.on_commit(networks_changed)  # after the commit: no request caches old data


@receiver([post_save, post_delete], sender=Participation)
def participation_changed(sender, instance, signal, **kwargs):
    changed_now_and_on_commit(person_family(instance.person_id))
    if signal is post_delete or shown_fields_changed(instance):
        changed_now_and_on_commit(network_people_family(instance.network_id))


@receiver([post_save, post_delete], sender=User)
@receiver([post_save, post_delete], sender=Profile)
def person_changed(sender, instance, signal, update_fields=None, **kwargs):
    if only_a_log_in(update_fields):
        return
    person_id = instance.pk if sender is User else instance.user_id
    changed_now_and_on_commit(person_family(person_id))
    if signal is post_save and not shown_fields_changed(instance):
        return  # nothing the network's pages show
    # visible: every network the person is in shows them (name, function), whoever looks.
    for network_id in Participation.objects.filter(person_id=person_id).values_list(
        "network_id", flat=True
    ):
        changed_now_and_on_commit(network_people_family(network_id))
