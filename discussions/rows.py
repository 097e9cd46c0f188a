"""A thread's row in a network's list and a thread's posts, drawn in Python. A list draws 30
rows for each reader and a thread 50 posts, and the template language took some 150 µs a row
(an include, a dozen tags) and 400 µs a post; written out, they take a tenth of that or
less. The row is a pure function of its values (`ThreadRow`), which is also what keys its
kept copy (empirie.fragments.kept_rows); a post carries the reader's own buttons and is
drawn afresh (PostsDrawn)."""

from datetime import date, datetime
from typing import NamedTuple

from django.template import defaultfilters
from django.template.loader import get_template
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext, ngettext, pgettext

from accounts.models import public_name
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


# Stands for the post's id in a post's URL, worked out once for all the posts of a page.
ANY_POST = 2**62
POST_URLS = ("post_useful", "post_edit", "post_delete", "post_report", "post_restore",
             "post_hide")  # fmt: skip
_words_in: dict = {}  # language: the words a post's frame says, escaped


def _words() -> dict[str, str]:
    """The words around the posts, in the page's language: looked up once, not per post."""
    language = get_language()
    words = _words_in.get(language)
    if words is None:
        words = {
            "former user": gettext("a former user"), "edited": gettext("edited"),
            "solved": gettext("solved the question"), "gone": gettext("Deleted by its author."),
            "see": gettext("see the post"), "quote": gettext("Quote"), "useful": gettext("Useful"),
            "unsolve": gettext("Not the solution after all"),
            "solved mine": gettext("This solved my question"),
            "solved it": gettext("This solved the question"), "edit": gettext("Edit"),
            "delete": gettext("Delete"),
            "report": pgettext("a comment breaking the rules", "Report"),
            "reported": gettext("You reported it"),
            "photos": gettext("Photos"), "documents": gettext("Documents"),
            "being made": gettext("thumbnail being made"),
        }  # fmt: skip
        words = _words_in[language] = {key: escape(word) for key, word in words.items()}
    return words


class PostsDrawn:
    """The posts of one page of a thread, drawn for one reader (the template language took
    some 400 µs a post, this some 20 µs). What the posts share, the thread, the reader's
    standing, the words and the URLs with the post's id left open, is worked out once; the
    view sets each post's can_edit, can_delete, can_mark_useful, can_report, can_solve and
    has_files, and `post` comes from selectors.posts_as_drawn."""

    def __init__(self, network_slug, thread, *, page_number, reader_id, can_reply,
                 can_moderate, csrf_token):  # fmt: skip
        self.network_slug, self.thread = network_slug, thread
        self.page_number, self.reader_id = page_number, reader_id
        self.can_reply, self.can_moderate, self.csrf_token = can_reply, can_moderate, csrf_token
        self.words = _words()
        self.lang = "" if page_language() == "pl" else ' lang="pl"'
        self.urls = {
            name: remembered_reverse(f"discussions:{name}", (network_slug, thread.pk, ANY_POST))
            for name in POST_URLS
        }
        self.solution_url = escape(
            remembered_reverse("discussions:solution", (network_slug, thread.pk))
        )
        # Links of the page to itself are whole: the page may be served at a button's address
        # (a pinning day refused), where "?strona=2" would lead to the button.
        self.page_url = escape(remembered_reverse("discussions:thread", (network_slug, thread.pk)))
        self.token = (
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(csrf_token)}">'
        )

    def url(self, name: str, post_id: int, *more) -> str:
        """A post's URL, unescaped (a template escapes it itself)."""
        if more:  # a file's: worked out on its own, as few posts have any
            return remembered_reverse(
                f"discussions:{name}", (self.network_slug, self.thread.pk, post_id, *more)
            )
        return self.urls[name].replace(str(ANY_POST), str(post_id), 1)

    def draw(self, post) -> str:
        words, solution = self.words, self.thread.solution_id == post.pk
        anchor = f"wpis-{post.pk}"
        classes = "comment" + (" comment--hidden" if post.is_hidden else "")
        classes += " comment--solution" if solution else ""
        moment = timezone.localtime(post.created_at)
        author = self.name(post, "author")
        if post.author_city:
            author += f" ({escape(post.author_city)})"
        meta = (
            f'<span id="{anchor}-autor" class="comment__author">{author}</span>\n'
            f'    · <time datetime="{moment.isoformat()}">{day_month_year_time(moment)}</time>'
        )
        if post.edited_at:
            meta += f" · {words['edited']}"
        if solution:
            meta += f' · <strong class="badge badge--ok">{words["solved"]}</strong>'
        if post.is_deleted:
            body = f'<p class="comment__gone">{words["gone"]}</p>'
        elif post.is_hidden:
            body = self.moderation("moderation/_hidden.html", post)
            if self.can_moderate and post.has_files:
                body += self.files(post)
        else:
            body = ""
            if post.quoted_id is not None and not post.quoted_gone:
                wrote = gettext("%(person)s wrote:") % {"person": self.name(post, "quoted_author")}
                quoted = defaultfilters.truncatewords_html(post.quoted_body_html, 60)
                body += (
                    f'<blockquote class="comment-quote"><p class="comment__meta">{wrote} '
                    f'<a href="{self.page_url}?wpis={post.quoted_id}">{words["see"]}</a></p>'
                    f"<div{self.lang}>{quoted}</div></blockquote>"
                )
            body += f'<div class="comment__body"{self.lang}>{post.body_html}</div>'
            if post.has_files:
                body += self.files(post)
        if post.useful_count:
            found = ngettext(
                "%(counter)s person found it useful", "%(counter)s people found it useful",
                post.useful_count,
            ) % {"counter": post.useful_count}  # fmt: skip
            body += f'<p class="comment__meta">{found}</p>'
        return (
            f'<article class="{classes}" id="{anchor}" aria-labelledby="{anchor}-autor">\n'
            f'  <header class="comment__meta">\n    {meta}\n  </header>\n  {body}\n'
            f'  <ul class="comment__actions">{"".join(self.actions(post))}</ul>\n</article>'
        )

    def name(self, post, prefix: str) -> str:
        """The public name of the post's author (prefix "author") or of the author of the
        post it quotes ("quoted_author"), read as values (selectors.posts_as_drawn)."""
        is_active = getattr(post, f"{prefix}_is_active")
        if is_active is None:  # no account: it was deleted
            return self.words["former user"]
        first, last = getattr(post, f"{prefix}_first_name"), getattr(post, f"{prefix}_last_name")
        return escape(public_name(first, last, is_active=is_active))

    def button(self, action: str, label: str, extra: str = "", pressed: str = "") -> str:
        """A POST button in its own little form, as {% csrf_token %} drew it in a template."""
        return (
            f'<li><form method="post" action="{action}" class="inline-form">{self.token}{extra}'
            f'<button type="submit" class="button button--small"{pressed}>{label}</button>'
            f"</form></li>"
        )

    def actions(self, post):
        words = self.words
        name = self.name(post, "author") if post.author_id else ""
        whose = f'<span class="visually-hidden"> – {name}</span>'  # for a screen reader's list
        if self.can_reply and not post.is_deleted and not post.is_hidden:
            yield (
                f'<li><a class="button button--small" href="{self.page_url}?strona={self.page_number}&amp;'
                f'cytat={post.pk}#odpowiedz">{words["quote"]}{whose}</a></li>'
            )
        if post.can_mark_useful:
            pressed = f' aria-pressed="{"true" if post.marked_useful else "false"}"'
            url = escape(self.url("post_useful", post.pk))
            yield self.button(url, words["useful"] + whose, pressed=pressed)
        if post.can_solve:
            if self.thread.solution_id == post.pk:
                yield self.button(self.solution_url, words["unsolve"])
            else:
                mine = self.thread.author_id == self.reader_id
                extra = f'<input type="hidden" name="post" value="{post.pk}">'
                label = words["solved mine" if mine else "solved it"] + whose
                yield self.button(self.solution_url, label, extra)
        if post.can_edit:
            url = escape(self.url("post_edit", post.pk))
            yield f'<li><a class="button button--small" href="{url}">{words["edit"]}</a></li>'
        if post.can_delete:
            url = escape(self.url("post_delete", post.pk))
            yield (
                f'<li><a class="button button--small button--danger-outline" href="{url}">'
                f"{words['delete']}</a></li>"
            )
        if post.can_report and post.reported_by_reader:  # once per person
            yield f'<li><span class="muted">{words["reported"]}</span></li>'
        elif post.can_report:
            url = escape(self.url("post_report", post.pk))
            yield f'<li><a class="button button--small" href="{url}">{words["report"]}{whose}</a></li>'
        if self.can_moderate and not post.is_deleted:
            yield self.moderation(
                "moderation/_actions.html", post,
                restore_url=self.url("post_restore", post.pk),
                hide_url=self.url("post_hide", post.pk),
            )  # fmt: skip

    def moderation(self, template: str, post, **more) -> str:
        """The moderation partials the result comments share (a hidden text, the moderator's
        button): drawn by their templates, for the few posts hidden and for moderators."""
        # All the partials ask of the reader: whether they wrote the text.
        reader = {"is_authenticated": self.reader_id is not None, "pk": self.reader_id}
        context = {"text": post, "can_moderate": self.can_moderate,
                   "csrf_token": self.csrf_token, "user": reader, **more}  # fmt: skip
        return get_template(template).render(context)

    def files(self, post) -> str:
        """A post's photos (thumbnails linking to the full photo) and documents (with their
        type and size); read for the posts that have any (selectors.load_files)."""
        words, parts = self.words, []
        photos = post.photos.all()
        if photos:
            items = []
            for photo in photos:
                full = escape(self.url("post_photo_file", post.pk, photo.pk, "pelne"))
                caption = escape(photo.caption)
                if photo.thumbnail:
                    small = escape(self.url("post_photo_file", post.pk, photo.pk, "miniatura"))
                    shown_as = (
                        f'<img src="{small}" alt="{caption}"{self.lang} width="{photo.width}" '
                        f'height="{photo.height}" loading="lazy">'
                    )
                else:
                    shown_as = f"<span{self.lang}>{caption}</span> ({words['being made']})"
                items.append(f'<li><a href="{full}">{shown_as}</a></li>')
            parts.append(
                f'<ul class="gallery" aria-label="{words["photos"]}">{"".join(items)}</ul>'
            )
        documents = post.attachments.all()
        if documents:
            items = [
                f'<li><a href="{escape(self.url("post_document_file", post.pk, d.pk))}"{self.lang}>'
                f'{escape(d.title)}</a> <span class="muted">({escape(d.kind.upper())}, '
                f"{defaultfilters.filesizeformat(d.size)})</span></li>"
                for d in documents
            ]
            parts.append(f'<ul aria-label="{words["documents"]}">{"".join(items)}</ul>')
        return "\n".join(parts)
