"""Data cached under versions: a change moves a family's version, so every older copy is
simply never read again (and expires).

Versions live in the "default" cache, where nothing is evicted; the cached copies themselves
in "pages", a bounded Redis that evicts (CACHE_REDIS_URL)."""

import functools
import pickle  # nosec B403  # only of values this process made
import secrets
import threading
import time
from collections import OrderedDict
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import Signal
from django.utils.http import urlencode

DAY = 24 * 3600
EPOCH_KEY = "cache-epoch"

# Sent with the families whose data changed (None: any of them), for what is kept outside
# the cache and must know (desk's stored "To do" numbers).
families_changed = Signal()


def versions_store():
    return caches["default"]


def copies_store():
    return caches["pages" if "pages" in settings.CACHES else "default"]


def new_version() -> int:
    """A version for a key that is missing (new, or lost with a Redis that restarted): random,
    so no copy cached under an earlier sequence is ever read again."""
    return secrets.randbits(40)


# What is worked out once per request (versions here; access in networks.access) is kept in
# a memo of the request's own (RequestScopeMiddleware); outside a request (tasks, the shell,
# tests) it is worked out again at each call.
_request_memo: ContextVar[dict | None] = ContextVar("request_memo", default=None)


KEPT_AT_THE_END = "copies to keep"


@contextmanager
def request_scope():
    memo = {}
    token = _request_memo.set(memo)
    try:
        yield
    finally:
        _request_memo.reset(token)
        if copies := memo.get(KEPT_AT_THE_END):
            _store_each(copies_store(), copies)


def keep(key: str, value, timeout: int) -> None:
    """A new cached copy stored: in a request, with the request's other new copies in one
    round trip as it ends (a first visit makes several); elsewhere at once."""
    memo = _request_memo.get()
    if memo is None:
        copies_store().set(key, value, timeout=timeout)
    else:
        memo.setdefault(KEPT_AT_THE_END, {})[key] = (value, timeout)


def kept_in_this_request(key: str):
    """A copy this request made and has not stored yet, or None."""
    memo = _request_memo.get()
    entry = (memo or {}).get(KEPT_AT_THE_END, {}).get(key)
    return None if entry is None else entry[0]


def _store_each(store, entries: dict) -> None:
    if hasattr(store, "set_each"):  # Redis: one round trip
        store.set_each(entries)
        return
    for key, (value, timeout) in entries.items():
        store.set(key, value, timeout=timeout)


def remembered(key, compute):
    """compute()'s value, once per request."""
    memo = _request_memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def once_per_request(function):
    """The function's answer for the same arguments worked out once per request: what several
    parts of a page ask alike (a statistics page's charts, their aggregates). Not a cache:
    nothing outlives the request."""

    @functools.wraps(function)
    def once(*args, **arguments):
        key = (function, args, tuple(sorted(arguments.items())))
        return remembered(key, lambda: function(*args, **arguments))

    return once


# Nearly every page reads these: a request's first look at any version reads them all at once.
COMMON_FAMILIES = ("portal", "networks", "people", "meetings", "results", "practices")


def _version_keys(families):
    return [EPOCH_KEY] + [f"{family}:version" for family in families]


def _read_versions(keys) -> dict:
    store = versions_store()
    found = store.get_many(keys)
    if missing := [key for key in keys if key not in found]:
        # Added, never overwritten: whoever added first decided it.
        found.update(_add_then_read(store, {key: new_version() for key in missing}))
    if len(found) < len(keys) and (memo := _request_memo.get()) is not None:
        memo["versions unsure"] = True  # the store could not say: no copy in the process
    return {key: found.get(key, 1) for key in keys}


def _add_then_read(store, values: dict) -> dict:
    if hasattr(store, "add_many_then_get"):  # Redis: one round trip
        return store.add_many_then_get(values)
    for key, value in values.items():
        store.add(key, value, timeout=None)
    return store.get_many(list(values))


def versions(*families: str) -> str:
    """The families' current versions, in one round trip to the cache (in a request, one for
    all the common families). The epoch comes first: moving it (empirie.redis_cache, after an
    outage) makes everything stale at once."""
    keys = _version_keys(families)
    memo = _request_memo.get()
    if memo is None:
        found = _read_versions(keys)
    else:
        found = memo.setdefault("versions", {})
        if missing := [key for key in keys if key not in found]:
            if not found:
                missing = list(dict.fromkeys(missing + _version_keys(COMMON_FAMILIES)))
            found.update(_read_versions(missing))
    return ".".join(str(found[key]) for key in keys)


# Small values that nearly every request reads (which networks are closed, the logged-in
# person, their unread count) are kept in the process as well, under the same versioned key,
# pickled so that no request changes another's copy. A request reads its versions from the
# store anyway, so a copy here is never older than the store's; a request whose versions the
# store could not give (an outage) reads none of them.
_in_process: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
_in_process_lock = threading.Lock()
IN_PROCESS_ENTRIES = 5000


def _process_copies_usable() -> bool:
    """In a request whose versions the store gave: outside one (tasks, the shell) nothing is
    read from or kept in the process."""
    memo = _request_memo.get()
    return memo is not None and not memo.get("versions unsure")


def _from_process(versioned):
    if not _process_copies_usable():
        return None
    with _in_process_lock:
        entry = _in_process.get(versioned)
        if entry is None or entry[0] < time.monotonic():
            return None
        _in_process.move_to_end(versioned)
    _expires, kept, pickled = entry
    return pickle.loads(kept) if pickled else kept  # noqa: S301  # bytes this process pickled itself  # nosec B301


def _keep_in_process(versioned, value, timeout, *, read_only=False):
    if not _process_copies_usable():
        return
    if read_only:
        entry = (time.monotonic() + timeout, value, False)
    else:
        entry = (time.monotonic() + timeout, pickle.dumps(value, pickle.HIGHEST_PROTOCOL), True)
    with _in_process_lock:
        _in_process[versioned] = entry
        while len(_in_process) > IN_PROCESS_ENTRIES:
            _in_process.popitem(last=False)


def cached(
    family: str | tuple[str, ...],
    key: str,
    compute,
    timeout: int = DAY,
    *,
    in_process=False,
    read_only=False,
    process_only=False,
):
    """compute()'s value, from the cache while nothing in `family` (or families) has changed.
    `key` must say everything else the value depends on (whose access, which filters).
    `in_process`: a small value read on most requests, kept in the process as well.
    `read_only`: with in_process, a value no reader changes (a large table of immutable
    records, handed out read-only): kept and handed out as it is, where unpickling a copy
    for each request would cost milliseconds.
    `process_only`: with in_process, not kept in the shared cache at all: a large value that
    each process computes faster than it would pickle, send and unpickle it."""
    families = (family,) if isinstance(family, str) else family
    versioned = f"{'+'.join(families)}:{versions(*families)}:{key}"
    if in_process and (value := _from_process(versioned)) is not None:
        return value
    shared = not (in_process and process_only)
    value = kept_in_this_request(versioned) if shared else None
    if value is None and shared:
        value = copies_store().get(versioned)
    if value is None:
        value = compute()
        if value is None:
            return None  # nothing found is not kept: the store could not tell it from a miss
        if shared:
            keep(versioned, value, timeout)
    if in_process:
        _keep_in_process(versioned, value, timeout, read_only=read_only)
    return value


def changed(*families: str) -> None:
    """Each family's cached copies stale: its version moves on (all of them in one round trip
    to Redis)."""
    keys = [f"{family}:version" for family in families]
    families_changed.send(sender=None, families=families)
    memo = _request_memo.get()
    if memo is not None:
        for key in keys:
            memo.get("versions", {}).pop(key, None)  # read anew after the change
    store = versions_store()
    if hasattr(store, "incr_or_add"):  # Redis
        store.incr_or_add(keys, new_version())
        return
    for key in keys:
        try:
            store.incr(key)
        except ValueError:  # never asked for yet, or lost
            if not store.add(key, new_version(), timeout=None):
                store.incr(key)  # another process created it meanwhile


def everything_changed() -> None:
    """Every cached copy stale at once (the epoch is in every version): after a change made
    around the models, which no signal saw (a restore, SQL, QuerySet.update() in a shell)."""
    families_changed.send(sender=None, families=None)
    store = versions_store()
    try:
        store.incr(EPOCH_KEY)
    except ValueError:  # never read yet, or lost: a new random epoch is as good
        store.add(EPOCH_KEY, new_version(), timeout=None)
    memo = _request_memo.get()
    if memo is not None:
        memo.pop("versions", None)
    with _in_process_lock:
        _in_process.clear()


def changed_now_and_on_commit(*families: str) -> None:
    """Stale at once for this transaction's own later reads, and again after the commit, so a
    request that read the old rows in between does not leave them cached."""
    changed(*families)
    transaction.on_commit(lambda: changed(*families))


class RemembersLoadedValues:
    """A model whose saves make cached copies stale only when a field they show changed: it
    keeps the values of those fields (`remembered_fields`, attribute names such as
    "city_id") as it was loaded with them (Django's documented `from_db` hook), and only
    those: nothing else, no password hash, travels with it into a cache."""

    remembered_fields: tuple[str, ...] = ()

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        loaded = dict(zip(field_names, values, strict=True))
        instance._loaded_values = {
            name: loaded[name] for name in cls.remembered_fields if name in loaded
        }
        return instance

    def _remember_values(self):
        deferred = self.get_deferred_fields()
        self._loaded_values = {
            name: getattr(self, name) for name in self.remembered_fields if name not in deferred
        }

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)  # the signals compare with the values as they were
        self._remember_values()  # the next save compares with these

    def refresh_from_db(self, *args, **kwargs):
        super().refresh_from_db(*args, **kwargs)
        self._remember_values()


def shown_fields_changed(instance) -> bool:
    """Whether a save changes any of the instance's remembered fields; a new instance, or one
    not loaded with them, counts as changed."""
    loaded = getattr(instance, "_loaded_values", None)
    if loaded is None:
        return True
    return any(
        name not in loaded or getattr(instance, name) != loaded[name]
        for name in instance.remembered_fields
    )


def only_a_log_in(update_fields) -> bool:
    """A save of the log-in time alone: it changes nothing anyone is shown."""
    return update_fields is not None and set(update_fields) <= {"last_login"}


def stale_on_change(family: str, *models, shown_only: bool = False) -> None:
    """Any save or delete of these models, or of their many-to-many links, makes `family`
    stale, however the change is made (portal, admin, import, shell). `shown_only`: the
    family's copies show only the remembered fields of those models that remember some
    (RemembersLoadedValues); a save that changes none of them leaves the copies as they are
    (a person's notification settings; a practice's summary where only its title is shown)."""

    def on_change(sender, instance=None, update_fields=None, action="post_", **kwargs):
        if only_a_log_in(update_fields):
            return
        fields = getattr(sender, "remembered_fields", ()) if shown_only else ()
        if fields and kwargs.get("signal") is post_save:
            saved = {sender._meta.get_field(name).attname for name in update_fields or ()}
            if update_fields is not None and not saved & set(fields):
                return
            if not shown_fields_changed(instance):
                return
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


def normalised_query(request, params) -> str:
    """The query parameters a view reads, in a fixed order, and nothing else: other
    parameters cannot make new copies."""
    return urlencode(
        sorted((name, value) for name in params for value in request.GET.getlist(name))
    )
