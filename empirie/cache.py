"""Shared data cached under a version: a change bumps the version, so every older copy is
simply never read again (and expires)."""

from django.core.cache import cache

DAY = 24 * 3600


def cached(family: str, key: str, compute):
    """compute()'s value, from the cache while nothing in `family` has changed."""
    versioned = f"{family}:{cache.get_or_set(f'{family}:version', 1, timeout=None)}:{key}"
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
