"""Cached pieces of pages, each a pure function of its key.

A view declares, next to the data it reads, what each of its fragments depends on:

    fragments = {"list": Fragment(families=("practices",), params=("q", "page"))}

and its template wraps the markup in `{% cached_fragment "list" %}…{% endcached_fragment %}`.
The key then says everything the markup depends on: the page (URL name and path), the query
parameters the view reads (others cannot make new copies), the language, the versions of the
data families shown, the reader's access fingerprint (so people with the same access share a
copy and an access change is a new key, with nothing to invalidate), and the reader's id only
where the content is their own. A fragment whose content changes with time (a meeting that
starts, an edit window that ends) lives only until then.
"""

import datetime as dt
import hashlib
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from networks.access import access_of

from .cache import DAY, copies_store, keep, normalised_query, remembered, versions

# Every fragment shows networks' and cities' names.
ALWAYS = ("portal",)


@dataclass(frozen=True)
class Fragment:
    """What a cached piece of a page shows."""

    # Data families; "{user}" stands for the reader's id (their notifications); a function of
    # the view names the family of what it shows (one network's people, one practice).
    families: tuple[str | Callable[[object], str], ...]
    params: tuple[str, ...] = ()
    # The reader's own content (their registrations, their comments' edit links).
    personal: bool = False
    # When the content would change by itself: view -> datetime or None.
    changes_at: Callable[[object], dt.datetime | None] | None = None
    # Who is shown the same content (request -> text), for content that depends on less than
    # the whole access (the published practices); by default the access fingerprint.
    audience: Callable[[object], str] | None = None
    # A large drawing that many first visits ask for at once (the map, after a change or with
    # an empty cache): one request draws it, the others wait a moment for its copy rather
    # than each drawing it too on the same two cores.
    drawn_once: bool = False


DRAWING_WAIT = 0.3  # seconds a request waits for the copy another one is drawing


def copy_drawn_meanwhile(key: str):
    """For a fragment drawn once: None when this request is the first to miss the copy (it
    draws it, its mark kept for a second), else the copy another request drew meanwhile, or
    None if it did not come within DRAWING_WAIT (this one draws it then). With Redis away,
    everyone draws: the store says every mark was added."""
    store = copies_store()
    if store.add(f"drawing:{key}", 1, timeout=1):
        return None
    deadline = time.monotonic() + DRAWING_WAIT
    while time.monotonic() < deadline:
        time.sleep(0.005)
        if (parts := store.get(key)) is not None:
            return parts
    return None


def next_midnight(view=None) -> dt.datetime:
    """For a fragment whose content changes with the day (a date for opinions passes)."""
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight + dt.timedelta(days=1)


def fingerprint_of(request) -> str:
    return access_of(request.user).fingerprint


def fragment_of(context, name) -> Fragment:
    view = context.get("view")
    fragments = getattr(view, "fragments", {})
    if name not in fragments:
        raise ImproperlyConfigured(
            f"{type(view).__name__} must declare the fragment {name!r} in its `fragments`."
        )
    return fragments[name]


def fragment_key(request, name: str, fragment: Fragment, view=None) -> str:
    families = [
        family(view) if callable(family) else family.format(user=request.user.pk)
        for family in fragment.families
    ]
    parts = [
        fragment.audience(request) if fragment.audience else fingerprint_of(request),
        versions(*ALWAYS, *families),
        get_language() or "",
        request.path,
        normalised_query(request, fragment.params),
        str(request.user.pk) if fragment.personal else "",
    ]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    page = request.resolver_match.view_name if request.resolver_match else "-"
    return f"fragment:{page}:{name}:{digest}"


def lifetime(view, fragment: Fragment) -> int | None:
    """Seconds the copy may live: a day, or less when its content changes by itself sooner;
    None when it must not be kept at all."""
    if fragment.changes_at is None:
        return DAY
    moment = fragment.changes_at(view)
    if moment is None:
        return DAY
    seconds = int((moment - timezone.now()).total_seconds())
    return min(seconds, DAY) if seconds > 0 else None


def copies_of_view(request, view) -> dict:
    """The cached copies of all the view's fragments, read in one round trip at the first."""

    def read():
        fragments = getattr(view, "fragments", {})
        keys = [fragment_key(request, name, each, view) for name, each in fragments.items()]
        return copies_store().get_many(keys)

    return remembered(("fragments", id(view)), read)


def render_cached(context, name: str, render) -> str:
    """The fragment from the cache, or rendered by `render(csrf_token)` and kept."""
    request = context["request"]
    fragment = fragment_of(context, name)
    key = fragment_key(request, name, fragment, context.get("view"))
    parts = copies_of_view(request, context.get("view")).get(key)
    if parts is None and fragment.drawn_once:
        parts = copy_drawn_meanwhile(key)
    if parts is None:
        # A placeholder of this rendering alone marks where each form's token goes: no text a
        # user wrote earlier can contain it.
        placeholder = f"csrf-{secrets.token_hex(16)}"
        parts = tuple(render(placeholder).split(placeholder))
        seconds = lifetime(context.get("view"), fragment)
        if seconds:
            keep(key, parts, seconds)
    if len(parts) == 1:
        return parts[0]
    return get_token(request).join(parts)


def kept_rows(items, shown, draw) -> None:
    """Rows that many readers are shown alike (a network's threads): each item's
    `row_markup`, drawn by `draw(values)` from the values its row prints (`shown(item)`, a
    tuple) and kept under a key made of those values, the page's language and the cache's
    epoch; the kept copies are read in one round trip. The markup is a pure function of its
    key: a changed value is a new key, so no copy is ever stale, and a copy is served only to
    someone whose own query found those very values. `manage.py cache_stale` (after a release
    that draws rows differently, say) moves the epoch and leaves none of them behind."""
    prefix = (versions(), get_language() or "")  # versions of no family: the epoch alone
    values = [shown(item) for item in items]
    keys = ["row:" + hashlib.sha256(repr((*prefix, each)).encode()).hexdigest() for each in values]
    found = copies_store().get_many(keys) if settings.CACHED_FRAGMENTS and keys else {}
    for item, each, key in zip(items, values, keys, strict=True):
        markup = found.get(key)
        if markup is None:
            markup = draw(each)
            if settings.CACHED_FRAGMENTS:
                keep(key, markup, DAY)
        item.row_markup = mark_safe(markup)  # noqa: S308  # drawn with its values escaped  # nosec B308 B703
