from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# A PostgreSQL sequence (desk's migration 0001): moved on by every change a queue may read,
# never rolled back and never waited on, so a write costs one nextval and blocks nobody.
GENERATION_SEQUENCE = "desk_to_do_generation"


class ToDoCount(models.Model):
    """The navigation's "To do" number of a person who reviews (coordinator, administrator)
    as last counted. Every page they open shows it, and counting it means building seven
    queues (some 15 ms): it is kept here, and counted again when anything a queue reads may
    have changed (the generation), when their access changed, or when it is old (a meeting's
    week runs out by itself). Data, not a cache: a worker keeps it current (desk.tasks)."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    count = models.PositiveIntegerField(_("to do"))
    generation = models.BigIntegerField(_("generation counted"))
    access = models.CharField(_("access counted"), max_length=40)  # its fingerprint
    counted_at = models.DateTimeField(_("counted at"))

    class Meta:
        verbose_name = _("count of things to do")
        verbose_name_plural = _("counts of things to do")

    def __str__(self):
        return f"{self.person_id}: {self.count}"
