from django.dispatch import receiver

from empirie.cache import families_changed

from . import services


@receiver(families_changed, dispatch_uid="desk:to-do-changed")
def queues_may_have_changed(sender, families, **kwargs):
    if families is None or services.TO_DO_FAMILIES.intersection(families):
        services.to_do_changed()
