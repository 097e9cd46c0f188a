"""Shared data cached under a version: a change bumps the version, so every older copy is
simply never read again (and expires)."""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

DAY = 24 * 3600
EPOCH_KEY = "cache-epoch"


def versions(*families: str) -> str:
    """The families' current versions, in one round trip to the cache. The epoch comes first:
    moving it (empirie.redis_cache, after an outage) makes everything stale at once."""
    keys = [EPOCH_KEY] + [f"{family}:version" for family in families]
    found = cache.get_many(keys)
    if missing := {key: 1 for key in keys if key not in found}:
        cache.set_many(missing, timeout=None)
    return ".".join(str(found.get(key, 1)) for key in keys)


def cached(family: str | tuple[str, ...], key: str, compute):
    """compute()'s value, from the cache while nothing in `family` (or families) has changed."""
    families = (family,) if isinstance(family, str) else family
    versioned = f"{'+'.join(families)}:{versions(*families)}:{key}"
    value = cache.get(versioned)
    if value is None:
        value = compute()
        cache.set(versioned, value, timeout=DAY)
    return value


def changed(family: str) -> None:
    try:
        cache.incr(f"{family}:version")
    except ValueError:  # never asked for yet, or evicted
        cache.set(f"{family}:version", 2, timeout=None)


def changed_now_and_on_commit(family: str) -> None:
    """Stale at once for this transaction's own later reads, and again after the commit, so a
    request that read the old rows in between does not leave them cached."""
    changed(family)
    transaction.on_commit(lambda: changed(family))


def stale_on_change(family: str, *models) -> None:
    """Any save or delete of these models, or of their many-to-many links, makes `family`
    stale, however the change is made (portal, admin, import, shell)."""

    def on_change(sender, update_fields=None, action="post_", **kwargs):
        if update_fields is not None and set(update_fields) <= {"last_login"}:
            return  # a log-in changes nothing anyone is shown
        if action.startswith("post_"):
            changed_now_and_on_commit(family)

    for model in models:
        uid = f"stale:{family}:{model._meta.label}"
        post_save.connect(on_change, sender=model, weak=False, dispatch_uid=uid)
        post_delete.connect(on_change, sender=model, weak=False, dispatch_uid=uid)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                on_change, sender=field.remote_field.through, weak=False, dispatch_uid=uid
            )
