"""A thread's row in a network's list, drawn in Python from the values it prints. A list
draws 30 rows for each reader, and the template language took some 150 µs a row (an include,
a dozen tags); written out, a row takes a tenth of that. The row is a pure function of its
values (`ThreadRow`), which is also what keys its kept copy (empirie.fragments.kept_rows)."""

from datetime import date, datetime
from typing import NamedTuple

from django.utils import timezone
from django.utils.html import escape
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext, pgettext

from empirie.i18n import page_language
from empirie.templatetags.dates import day_month_year, day_month_year_time
from empirie.templatetags.urls import remembered_reverse

from .choices import ThreadKind


class ThreadRow(NamedTuple):
    """Everything a thread's row prints: a value added to the row must be added here."""

    network_slug: str
    pk: int
    title: str
    unread: bool
    pinned: bool
    kind: str
    solved: bool
    post_count: int
    feedback_until: date | None
    feedback_closed: bool
    audience: str
    locked: bool
    author_name: str | None
    author_city: str | None
    last_post_at: datetime
    time_zone: str


def thread_row(network, thread, *, pinned: bool) -> ThreadRow:
    return ThreadRow(
        network.slug, thread.pk, thread.title, bool(thread.unread), pinned, thread.kind,
        thread.is_solved, thread.post_count, thread.feedback_until, thread.feedback_closed,
        thread.audience, thread.is_locked, thread.author_name, thread.author_city,
        thread.last_post_at, timezone.get_current_timezone_name(),
    )  # fmt: skip


def _span(text: str, badge: str | None = None) -> str:
    """A text of the row's meta line; a badge with its modifier ("" for a plain badge).
    The words come translated from the caller: gettext inside an f-string is not found by
    makemessages."""
    if badge is None:
        return f"<span>{escape(text)}</span>"
    return f'<span class="badge{f" badge--{badge}" if badge else ""}">{escape(text)}</span>'


def _state(row: ThreadRow) -> str:
    if row.solved:
        return _span(gettext("solved"), "done")
    if row.kind == ThreadKind.QUESTION and row.post_count > 1:
        return _span(gettext("not solved yet"), "")
    if row.kind == ThreadKind.QUESTION:
        return _span(gettext("awaiting an answer"), "")
    return ""


def draw_thread_row(row: ThreadRow) -> str:
    url = escape(remembered_reverse("discussions:thread", (row.network_slug, row.pk)))
    lang = "" if page_language() == "pl" else ' lang="pl"'
    new = " " + _span(pgettext("unread thread", "new"), "new") if row.unread else ""
    meta = [_span(capfirst(ThreadKind(row.kind).label), "")]
    if row.pinned:
        meta.append(_span(gettext("pinned"), "accent"))
    meta.append(_state(row))
    if row.feedback_until is not None:
        said = (
            gettext("feedback closed on %(day)s")
            if row.feedback_closed
            else gettext("feedback by %(day)s")
        )
        meta.append(f"<span>{said % {'day': escape(day_month_year(row.feedback_until))}}</span>")
    if row.audience == "observers":
        meta.append(_span(gettext("observers read it too")))
    if row.locked:
        meta.append(_span(gettext("locked")))
    if row.author_name:
        author = escape(row.author_name)
        if row.author_city:
            author += f" ({escape(row.author_city)})"
    else:
        author = escape(gettext("a former user"))
    posts = ngettext("%(counter)s post", "%(counter)s posts", row.post_count) % {
        "counter": row.post_count
    }
    last_activity = escape(gettext("last activity"))
    moment = timezone.localtime(row.last_post_at)
    return (
        f'<li class="thread-row{" thread-row--unread" if row.unread else ""}">\n'
        f'  <h3 class="thread-row__title"><a href="{url}"{lang}>{escape(row.title)}</a>{new}</h3>\n'
        f'  <p class="thread-row__meta">\n    {"".join(meta)}\n  </p>\n'
        f'  <p class="thread-row__byline">\n    {author}\n    · {posts}\n'
        f"    · {last_activity} "
        f'<time datetime="{moment.isoformat()}">{day_month_year_time(moment)}</time>\n'
        f"  </p>\n</li>"
    )
