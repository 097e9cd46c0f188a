"""The cached network list goes stale when a network or anyone's participation changes; every
cached page when a network does (they show its name); pages that show people when a
participation does. A person's own copies (account, roles) and the people of their networks
go stale when they change, and only then: another person's change costs them nothing."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from accounts.models import Profile, User
from accounts.selectors import person_family
from audit.registry import track
from discussions.models import Post, Thread
from empirie.cache import (
    changed_now_and_on_commit,
    only_a_log_in,
    shown_fields_changed,
    stale_on_change,
)
from meetings.models import Meeting, Registration
from results.models import Comment, Result

from . import activity
from .models import Continuation, Edition, Network, Participation
from .selectors import network_people_family, networks_changed

stale_on_change("portal", Network)
stale_on_change("networks", Network)  # networks_by_id, and which are closed (networks.access)
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


# When each person last took part in each network (networks.activity): worked out again, in
# the write's transaction, for the people whose activity a row written or deleted places or
# placed (in each of their networks: the row may have moved between two). A new registration
# records nobody's presence yet; a save that leaves whose, where and when alone changes
# nothing (an edit, a hiding, a deletion by the author: the post still counts).
# {model: (whose it is, what places it: whose, where, when)}
PLACING = {
    Post: ("author", {"author", "thread", "created_at"}),
    Comment: ("author", {"author", "result", "created_at"}),
    Registration: ("person", {"person", "meeting", "attended"}),
}


def _saves(update_fields, fields) -> bool:
    """Whether a save writes any of `fields` (update_fields may name "person" or "person_id")."""
    return update_fields is None or bool({n.removesuffix("_id") for n in update_fields} & fields)


def _places(sender, update_fields, fields=None) -> bool:
    return _saves(update_fields, PLACING[sender][1] if fields is None else fields)


@receiver(pre_save, sender=Post)
@receiver(pre_save, sender=Comment)
@receiver(pre_save, sender=Registration)
def activity_row_saving(sender, instance, raw=False, update_fields=None, **kwargs):
    """Whose the row was, before a save that may give it to somebody else."""
    whose = PLACING[sender][0]
    if raw or instance._state.adding or not _places(sender, update_fields, {whose}):
        return
    row = sender.objects.filter(pk=instance.pk)  # visible: a derived column written from it
    instance._activity_of = row.values_list(f"{whose}_id", flat=True).first()


@receiver(post_save, sender=Post)
@receiver(post_save, sender=Comment)
@receiver(post_save, sender=Registration)
def activity_row_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw or not _places(sender, update_fields):
        return
    if created and sender is Registration and not instance.attended:
        return
    whose = f"{PLACING[sender][0]}_id"
    people = {getattr(instance, whose), getattr(instance, "_activity_of", None)}
    instance._activity_of = None
    people.discard(None)
    if people:
        activity.recount(person_ids=people)


@receiver(post_delete, sender=Post)
@receiver(post_delete, sender=Comment)
@receiver(post_delete, sender=Registration)
def activity_row_deleted(sender, instance, **kwargs):
    """Also each row of a meeting, a thread or a result deleted (they go one by one)."""
    person = getattr(instance, f"{PLACING[sender][0]}_id")
    if person is not None and (sender is not Registration or instance.attended):
        activity.recount(person_ids=[person])


@receiver(post_save, sender=Meeting)
@receiver(post_save, sender=Thread)
@receiver(post_save, sender=Result)
def activity_place_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    """A meeting moved to another start (or network), a thread or a result to another network:
    the activity of everyone who was there counts elsewhere, or at another time."""
    moving = {"starts_at", "network"} if sender is Meeting else {"network"}
    if raw or created or not _saves(update_fields, moving):
        return
    if sender is Meeting:
        rows = Registration.objects.filter(meeting=instance, attended=True)  # visible: written
        people = rows.values("person_id")  # from, nothing shown (and below)
    elif sender is Thread:
        people = Post.objects.filter(thread=instance).values("author_id")  # visible: as above
    else:
        people = Comment.objects.filter(result=instance).values("author_id")  # visible: same
    activity.recount(person_ids=people)


@receiver(post_save, sender=Participation)
def participation_activity(sender, instance, created, raw=False, **kwargs):
    """A new participation (or one given to another person or network) starts from what its
    person already did in the network."""
    loaded = getattr(instance, "_loaded_values", {})
    moved = any(
        loaded.get(name, getattr(instance, name)) != getattr(instance, name)
        for name in ("person_id", "network_id")
    )
    if not raw and (created or moved):
        activity.recount(person_ids=[instance.person_id], network_id=instance.network_id)
