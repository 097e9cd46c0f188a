"""The site's own periodic task: beat's heartbeat, for the ready check (/healthz/ready)."""

import time

from celery import shared_task
from django.core.cache import caches

# In the cache all web servers and workers share (Redis, never evicting).
HEARTBEAT_KEY = "beat:heartbeat"


@shared_task(ignore_result=True)
def beat_heartbeat():
    """Scheduled by beat every minute: when the time it writes is old, beat (or every
    worker) has stopped."""
    caches["default"].set(HEARTBEAT_KEY, time.time(), timeout=None)


def last_heartbeat() -> float | None:
    return caches["default"].get(HEARTBEAT_KEY)
