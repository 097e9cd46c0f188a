"""Invitations are in the audit log; a function verified accepts the participations its
holder entered by invitation and that waited for it."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from accounts.choices import FunctionStatus
from accounts.models import Profile
from audit.registry import track

from .models import Invitation

track(Invitation, exclude=("token_hash", "reminder_token_hash"))  # the links stay out of the log


@receiver(post_save, sender=Profile)
def function_verified(sender, instance, created, raw=False, **kwargs):
    if raw or instance.function_status != FunctionStatus.VERIFIED:
        return
    before = getattr(instance, "_loaded_values", {}).get("function_status")
    if before == FunctionStatus.VERIFIED and not created:
        return  # verified before: nothing newly allowed
    from . import services  # services import the models this module is loaded with

    with transaction.atomic():
        services.participations_confirm(person_id=instance.user_id)
