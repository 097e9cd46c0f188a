"""audit.track(Model): every save and delete of the model writes an AuditEntry, however it is
made (portal, admin, shell); each app names its own models in its signals module."""

from django.db.models.signals import post_delete, post_save, pre_save

from .context import Actor, current
from .models import AuditEntry

# Bookkeeping that changes on its own, not a decision anyone made.
NOT_AUDITED = {"updated_at", "search_vector", "rank_vector", "view_count", "last_login"}


def track(model, *, exclude=()):
    ignored = NOT_AUDITED | set(exclude)
    fields = [f for f in model._meta.concrete_fields if f.name not in ignored]
    uid = f"audit:{model._meta.label}"

    def before(sender, instance, raw=False, **kwargs):
        if raw or instance.pk is None:
            return
        old = sender._base_manager.filter(pk=instance.pk).first()
        instance._audit_before = _values(old, fields) if old else None

    def after_save(sender, instance, created, raw=False, **kwargs):
        if raw:
            return
        now, before = _values(instance, fields), getattr(instance, "_audit_before", None)
        if created or before is None:
            changes = {
                name: [None, value] for name, value in now.items() if value not in ("", None)
            }
            _write(instance, AuditEntry.Action.CREATED, changes)
            return
        changes = {
            name: [before[name], value] for name, value in now.items() if before[name] != value
        }
        if changes:
            _write(instance, AuditEntry.Action.CHANGED, changes)

    def after_delete(sender, instance, **kwargs):
        _write(instance, AuditEntry.Action.DELETED, {})

    pre_save.connect(before, sender=model, weak=False, dispatch_uid=uid)
    post_save.connect(after_save, sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(after_delete, sender=model, weak=False, dispatch_uid=uid)


def record(instance, changes: dict) -> None:
    """An entry for a decision that no tracked save shows (an administrator resending failed
    e-mail): who, from where, and `changes` ({field: [before, after]})."""
    _write(instance, AuditEntry.Action.CHANGED, changes)


LONGEST = 300  # a longer text is logged by its length: the log says that it changed


def _values(instance, fields):
    values = {}
    for field in fields:
        value = field.value_to_string(instance)
        values[field.name] = (
            f"… ({len(value)} characters)"
            if isinstance(value, str) and len(value) > LONGEST
            else value
        )
    return values


def _write(instance, action, changes):
    actor = current.get() or Actor()
    user = actor.user if actor.user is not None and actor.user.is_authenticated else None
    AuditEntry.objects.create(
        actor=user,
        actor_label=user.email if user else "system",
        ip=actor.ip,
        action=action,
        object_type=instance._meta.label_lower,
        object_id=str(instance.pk),
        object_repr=str(instance)[:200],
        changes=changes,
    )
