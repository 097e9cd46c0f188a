"""Cached views of practices go stale whenever a practice, its parts, its networks or a city
change, however the change is made (portal, admin, import); a practice's card only when that
practice, its parts or the names of categories and tags do (cities and networks are in every
copy's "portal" family)."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from audit.registry import track
from cities.models import City
from empirie.cache import changed_now_and_on_commit, stale_on_change

from .models import Category, Practice, PracticeAttachment, PracticeContact, Tag, Transfer
from .selectors import PRACTICE_LINKS, PRACTICE_TERMS, practice_family

stale_on_change(
    "practices", Practice, Category, Tag, PracticeContact, Transfer, PracticeAttachment, City
)
stale_on_change(PRACTICE_TERMS, Category, Tag)
stale_on_change(PRACTICE_LINKS, Practice, Transfer, shown_only=True)
track(Practice)
track(Transfer)


@receiver([post_save, post_delete], sender=Practice)
def practice_changed(sender, instance, **kwargs):
    changed_now_and_on_commit(practice_family(instance.pk))


@receiver([post_save, post_delete], sender=PracticeContact)
@receiver([post_save, post_delete], sender=Transfer)
@receiver([post_save, post_delete], sender=PracticeAttachment)
def practice_part_changed(sender, instance, **kwargs):
    changed_now_and_on_commit(practice_family(instance.practice_id))


@receiver(m2m_changed, sender=Practice.plans.through)
@receiver(m2m_changed, sender=Practice.tags.through)
@receiver(m2m_changed, sender=Practice.networks.through)
def practice_links_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    # From a tag's or a network's side the practices are in pk_set; a clear from that side
    # names none, so every card goes stale (rare: a tag or network emptied).
    if reverse and action == "post_clear":
        changed_now_and_on_commit(PRACTICE_TERMS)
    for practice_id in (pk_set or ()) if reverse else (instance.pk,):
        changed_now_and_on_commit(practice_family(practice_id))
