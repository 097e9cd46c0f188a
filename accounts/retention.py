"""How long the accounts' records are kept (stated in the privacy notice): expired log-in
sessions go daily, with allauth's record of where they were used; read notifications go a
year after they were written. Run by beat (accounts.tasks)."""

import datetime as dt
from importlib import import_module

from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.utils import timezone

from empirie.retention import delete_in_batches

from .models import Notification

NOTIFICATIONS_KEPT = dt.timedelta(days=365)


def expired_sessions_clear(batch_size=None) -> int:
    """What `manage.py clearsessions` does, in batches: delete the sessions past their expiry
    date, then allauth's sessions list entries (address, browser) of sessions that no longer
    exist. Returns how many sessions went."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    if not issubclass(store, DatabaseSessionStore):
        # Cache and cookie sessions end on their own; any other engine clears its own way.
        store.clear_expired()
        return 0
    # db and cached_db: PostgreSQL holds every session (the cache copy expires by itself).
    sessions = store.get_model_class().objects
    deleted = delete_in_batches(
        sessions.filter(expire_date__lt=timezone.now()), batch_size=batch_size
    )
    delete_in_batches(
        UserSession.objects.exclude(session_key__in=sessions.values("session_key")),
        batch_size=batch_size,
    )
    return deleted


def read_notifications_purge(batch_size=None) -> int:
    """Delete notifications read and written more than a year ago; unread ones stay, however
    old. Returns how many went."""
    cutoff = timezone.now() - NOTIFICATIONS_KEPT
    return delete_in_batches(
        Notification.objects.filter(read_at__isnull=False, created_at__lt=cutoff),
        batch_size=batch_size,
    )
