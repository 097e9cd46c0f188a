"""Starting threads, writing and moderating posts, reading state and who hears of what."""

import datetime as dt
import re
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import connection, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.choices import NetworkAudience, NotificationKind
from accounts.models import User
from accounts.services import notifications_mark_read, notify, notify_all
from empirie import uploads
from empirie.cache import changed
from empirie.collation import word_start_q
from empirie.folding import folded
from empirie.moderation import Moderator
from empirie.sanitise import visible
from networks.access import access_of, closed_network_ids, people_of
from networks.choices import Role
from networks.editions import check_edition_writable, edition_for_new_work
from networks.models import Network, Participation
from search import analysis
from search.index import save as save_in_search

from . import rules
from .choices import IMPORTANT_KINDS, NewThreadNews, ThreadKind
from .models import (
    NetworkReading,
    Post,
    PostAttachment,
    PostModeration,
    PostPhoto,
    PostReport,
    PostVersion,
    Reading,
    Thread,
    UsefulMark,
    Watch,
)
from .selectors import readings_family

POSTS_PER_MINUTE = 10
# The mention autocomplete offers at most this many names: enough to choose from as one types.
MENTION_SUGGESTIONS = 10
# ...read from this many matching participations: the readers' rule may drop a few (a deputy
# mayor not yet verified, in the leaders' network), and a name held twice counts once.
MENTION_ROWS = 3 * MENTION_SUGGESTIONS
# A participation's person's name, as the database sorts and finds it (empirie.collation).
NAME = "person__sort_key"


def pinned_at_most(today: dt.date) -> dt.date:
    """An announcement stays on top of the list for a year at the most: until the same day
    next year (28 February for the 29th)."""
    try:
        return today.replace(year=today.year + 1)
    except ValueError:
        return today.replace(year=today.year + 1, day=28)


def audience_of(thread, *, among=None, **narrower) -> dict[int, User]:
    """The active people who may read the thread now, by id (`among`: of these ids only;
    `narrower`: `besides`, `where`, `first`, see networks.access.people_of)."""
    people = people_of(
        thread.network, observers=thread.audience == NetworkAudience.OBSERVERS, among=among,
        **narrower,
    )  # fmt: skip
    return {person.pk: person for person in people}


def _mentioned(body: str, thread, besides: User) -> list[User]:
    """The thread's readers named as "@Imię Nazwisko" in the text (case aside)."""
    # Only the readers with a name word that starts as a word after an "@" does are read and
    # compared, not every reader of a big network for each "@" (an e-mail address has one).
    starts = [q for word in set(re.findall(r"@(\w+)", body)) if (q := word_start_q(NAME, word))]
    if not starts:
        return []
    text = folded(body)  # as the autocomplete finds names: "@Malgorzata" is Małgorzata
    return [
        person
        for person in audience_of(thread, where=Q(*starts, _connector=Q.OR)).values()
        if person.pk != besides.pk
        and person.get_full_name().strip()
        and re.search(r"@" + _name_pattern(folded(person.get_full_name())), text)
    ]


def _name_pattern(name: str) -> str:
    """A folded name as typed after "@": its words apart by any spaces, and whole (no more
    of a double-barrelled surname after it: "@Jan Kowalski-Nowak" is not Jan Kowalski)."""
    return r"[ \u00a0]+".join(map(re.escape, name.split())) + r"(?![\w-])"


# An "@" inside a word or an address (an e-mail, a web address) is not a mention.
MENTION = re.compile(r"(?<![\w.@/])@(?=\w)")
# What an unknown mention is called back: its word, and the next if it starts with a capital.
TYPED_NAME = re.compile(r"([\w-]+)(?:[ \u00a0]+([^\W\d_][\w-]*))?")
UNKNOWN_SAID_AT_MOST = 10


def mentions_in(body: str, thread, *, by: User) -> tuple[list[str], list[str]]:
    """What the writer is told after posting: the names of the readers the text mentions
    (each told of it), and what follows each "@" that names none of them nor the writer (a
    name mistyped or cut short, or of someone who does not read the thread; its word, and
    the next if it starts with a capital), of which nobody was told."""
    names = [person.get_full_name() for person in _mentioned(body, thread, by)]
    known = [folded(name) for name in [*names, by.get_full_name()] if name.strip()]
    unknown = []
    for at in MENTION.finditer(body):
        after = folded(body[at.end() : at.end() + 300])
        if any(re.match(_name_pattern(name), after) for name in known):
            continue
        first, second = TYPED_NAME.match(body, at.end()).groups()
        unknown.append(f"@{first} {second}" if second and second[0].isupper() else f"@{first}")
    return names, list(dict.fromkeys(unknown))[:UNKNOWN_SAID_AT_MOST]


def people_to_mention(thread, typed: str, *, by: User) -> list[str]:
    """The names the mention autocomplete offers for what was typed after "@": the thread's
    readers (a new thread's: an unsaved one of its network and audience) with a name word
    starting with each typed word, case and diacritics aside, in Polish order, never the
    person typing. One query: the first of the network's participations whose people's
    stored sort keys match, then the readers' rule (audience_of) on those few."""
    words = typed[:100].split()[:3]
    starts = [start for word in words if (start := word_start_q(NAME, word))]
    if not starts:
        return []
    named = Q(*starts)
    people = sorted(
        (
            person
            for person in audience_of(thread, besides=by, where=named, first=MENTION_ROWS).values()
            if person.get_full_name()
        ),
        key=lambda person: person.sort_key,
    )
    return list(dict.fromkeys(person.get_full_name() for person in people))[:MENTION_SUGGESTIONS]


def _tell(people, *, kind, thread, post=None, by=None):
    params = {"network": thread.network.name, "title": thread.title}
    if by is not None:
        params["person"] = by.get_full_name()
    url = thread.get_absolute_url() + (f"?wpis={post.pk}#wpis-{post.pk}" if post else "")
    notify_all(
        people, kind=kind, params=params, url=url, network=thread.network,
        network_audience=thread.audience,
    )  # fmt: skip


def _watch(thread, people) -> None:
    """Watching is automatic for the author, repliers and the mentioned; a mute stays."""
    Watch.objects.bulk_create(
        [Watch(thread=thread, person=person) for person in people], ignore_conflicts=True
    )


def thread_document(thread) -> analysis.Document:
    return analysis.document((thread.title, "A"))


def post_document(post) -> analysis.Document:
    """A post's text, none for a post deleted or hidden."""
    return analysis.document(("" if post.is_deleted or post.is_hidden else post.body, "B"))


def search_index(*, thread=None, post=None) -> None:
    """Refresh the search vectors, in the write's transaction: a thread's title, a post's
    text."""
    if thread is not None:
        save_in_search(Thread, thread.pk, thread_document(thread))
    if post is not None:
        save_in_search(Post, post.pk, post_document(post))


def _written(thread, by, body, quoted=None) -> Post:
    post = Post.objects.create(thread=thread, author=by, body=body, quoted=quoted)
    search_index(post=post)
    thread.last_post_at = post.created_at
    thread.last_post_id = post.pk
    thread.post_count = F("post_count") + 1
    thread.save(update_fields=["last_post_at", "last_post_id", "post_count"])
    thread.refresh_from_db(fields=["post_count"])
    reading_advance(person=by, thread=thread, post_id=post.pk)
    return post


def _files_attached(post, by, *, documents=(), photos=()) -> None:
    """The post's documents ({"file", "title"} each) and photos ({"image", "caption"} each),
    checked by their content, in the post's transaction: a refused file undoes the post and
    the files saved before it, and the refusal names the file's row (uploads._each_saved)."""
    from .tasks import make_photo_thumbnail  # tasks import this module

    # Counted with those the post keeps: an edited post may have some already.
    if documents:
        kept = post.attachments.count()
        uploads.documents_saved(lambda: PostAttachment(post=post), documents, by=by, kept=kept)
    if photos:
        kept = post.photos.count()
        for photo in uploads.photos_saved(lambda: PostPhoto(post=post), photos, by=by, kept=kept):
            transaction.on_commit(partial(make_photo_thumbnail.delay, photo.pk), robust=True)


def photo_make_thumbnail(photo_id: int) -> bool:
    return uploads.thumbnail_made(PostPhoto, photo_id)


# A form sent twice (a double click, a re-sent page, two tabs) makes one post: the same text
# from the same person within this time is the post already written.
SAME_TEXT_WINDOW = dt.timedelta(minutes=1)
# pg_advisory_xact_lock's first key for "a person writing in the discussions"; the second is
# the person's id.
WRITING_LOCK = 1701


def _writing_alone(by) -> None:
    """A person's posts are written one at a time, so that the pace and the same-text checks
    see the one sent just before, even when both arrive at once."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [WRITING_LOCK, by.pk])


def _sent_a_moment_ago(by, body, **where) -> Post | None:
    since = timezone.now() - SAME_TEXT_WINDOW
    own = Post.objects.filter(author=by, deleted_at=None)  # visible: the person's own posts
    return own.filter(body=body, created_at__gte=since, **where).order_by("-pk").first()


def _check_pace(by) -> None:
    recent = Post.objects.filter(
        author=by, created_at__gte=timezone.now() - dt.timedelta(minutes=1)
    ).count()
    if recent >= POSTS_PER_MINUTE:
        raise ValidationError(
            _("You have written %(count)d posts in the last minute. Wait a moment and send "
              "again: your text is kept below.") % {"count": recent}
        )  # fmt: skip


def _check_text(body: str) -> str:
    body = visible(body)
    if not body:
        raise ValidationError(_("Write something first."))
    return body


@transaction.atomic
def thread_start(
    *, by: User, network_id: int, kind: str, audience: str, title: str, body: str,
    feedback_until: dt.date | None = None, pinned_until: dt.date | None = None, **files,
) -> Thread:  # fmt: skip
    """A new thread with its first post (which may carry documents and photos, `files` as
    for post_add); those of its readers who want to hear of it do."""
    network = Network.objects.get(pk=network_id)
    if kind not in rules.kinds_to_start(by, network):
        raise PermissionDenied
    if audience not in rules.audiences_to_choose(by, network):
        raise ValidationError(_("This thread cannot be opened to observers here."))
    title, body = visible(title), _check_text(body)
    if not title:
        raise ValidationError(_("Give the thread a title."))
    today = timezone.localdate()
    if kind == ThreadKind.CONSULTATION and (feedback_until is None or feedback_until <= today):
        raise ValidationError(_("Give the day by which you ask for feedback, after today."))
    if pinned_until is not None and pinned_until < today:
        raise ValidationError(_("An announcement is pinned until today or a later day."))
    if pinned_until is not None and pinned_until > pinned_at_most(today):
        raise ValidationError(_("A thread is pinned for a year at the most."))
    _writing_alone(by)
    same = _sent_a_moment_ago(
        by, body, thread__network=network, thread__author=by, thread__title=title,
        thread__kind=kind, thread__audience=audience,
    )  # fmt: skip
    if same is not None:
        return same.thread
    _check_pace(by)
    edition = edition_for_new_work(network.pk)
    now = timezone.now()
    thread = Thread.objects.create(
        network=network, edition=edition, kind=kind, audience=audience, title=title, author=by, last_post_at=now,
        feedback_until=feedback_until if kind == ThreadKind.CONSULTATION else None,
        pinned_until=pinned_until if kind == ThreadKind.ANNOUNCEMENT else None,
    )  # fmt: skip
    search_index(thread=thread)
    post = _written(thread, by, body)
    _files_attached(post, by, **files)
    mentioned = _mentioned(body, thread, by)
    _watch(thread, [by, *mentioned])
    _tell(mentioned, kind=NotificationKind.DISCUSSION_MENTION, thread=thread, post=post, by=by)
    told = {by.pk, *(person.pk for person in mentioned)}
    _tell(
        [p for p in _hearing_of_new(thread).values() if p.pk not in told],
        kind=NotificationKind.DISCUSSION_THREAD, thread=thread, by=by,
    )  # fmt: skip
    return thread


def _hearing_of_new(thread) -> dict[int, User]:
    """The thread's readers who want to hear of it: by their choice for the network (every
    thread unless they chose fewer); a consultation reaches the coordinator and experts."""
    readers = audience_of(thread)
    choices = dict(
        NetworkReading.objects.filter(network=thread.network, person_id__in=readers).values_list(
            "person_id", "new_threads"
        )
    )
    staff = set()
    if thread.kind == ThreadKind.CONSULTATION:
        staff = set(
            Participation.objects.filter(
                network=thread.network, role__in=[Role.COORDINATOR, Role.EXPERT],
                person_id__in=readers,
            ).values_list("person_id", flat=True)
        )  # fmt: skip
    hearing = {}
    for pk, person in readers.items():
        choice = choices.get(pk, NewThreadNews.EVERY)
        if (
            pk in staff
            or choice == NewThreadNews.EVERY
            or (choice == NewThreadNews.IMPORTANT and thread.kind in IMPORTANT_KINDS)
        ):
            hearing[pk] = person
    return hearing


def _locked_thread(thread_id, by) -> Thread:
    """The thread, locked, if the person may read it (else PermissionDenied: a 404 to them)."""
    thread = (
        Thread.objects.visible_to(by)
        .select_for_update(of=("self",))
        .select_related("network", "edition")
        .filter(pk=thread_id)
        .first()
    )
    if thread is None:
        raise PermissionDenied
    return thread


@transaction.atomic
def post_add(*, by: User, thread_id: int, body: str, quoted_id: int | None = None, **files) -> Post:
    """A reply, with documents and photos if given (`files`: `documents`, each {"file",
    "title"}, and `photos`, each {"image", "caption"}, up to uploads.MAX_FILES_SENT of each);
    the thread's watchers hear of it, the mentioned are told."""
    thread = _locked_thread(thread_id, by)
    check_edition_writable(thread.edition_id)  # an archive's thread: said before the lock
    if not rules.can_reply(by, thread):
        raise ValidationError(_("The coordinator has locked this thread: no new replies."))
    body = _check_text(body)
    quoted = None
    if quoted_id is not None:
        quoted = Post.objects.filter(pk=quoted_id, thread=thread).first()
        if quoted is None or quoted.is_deleted or quoted.is_hidden:
            raise ValidationError(_("The post you quoted is no longer there."))
    _writing_alone(by)
    same = _sent_a_moment_ago(by, body, thread=thread, quoted=quoted)
    if same is not None:
        return same
    _check_pace(by)
    post = _written(thread, by, body, quoted)
    _files_attached(post, by, **files)
    mentioned = _mentioned(body, thread, by)
    _watch(thread, [by, *mentioned])
    _tell(mentioned, kind=NotificationKind.DISCUSSION_MENTION, thread=thread, post=post, by=by)
    watchers = set(
        thread.watches.filter(watching=True)
        .exclude(person_id__in=[by.pk, *(p.pk for p in mentioned)])
        .values_list("person_id", flat=True)
    )
    if watchers:
        _tell(
            audience_of(thread, among=watchers).values(),
            kind=NotificationKind.DISCUSSION_REPLY, thread=thread, post=post, by=by,
        )  # fmt: skip
    return post


def _locked_post(post_id, by) -> Post:
    post = (
        Post.objects.visible_to(by)
        .select_for_update(of=("self",))
        .select_related("thread__network", "thread__edition")
        .filter(pk=post_id)
        .first()
    )
    if post is None:
        raise PermissionDenied
    return post


@transaction.atomic
def post_edit(
    *, by: User, post_id: int, body: str, remove_attachments=(), remove_photos=(), **files
) -> Post:
    """The author changes their post; what it said before is kept for the moderator. Those it
    now mentions for the first time are told, as for a new post (once per post). Documents and
    photos named are removed from it (their files once this commits), those sent (`files` as
    for post_add) are added, up to uploads.MAX_FILES_SENT of each in all."""
    post = _locked_post(post_id, by)
    check_edition_writable(post.thread.edition_id)  # closing it waits, or refuses this
    if not rules.can_edit_post(by, post):
        raise PermissionDenied
    body = _check_text(body)
    post.attachments.filter(pk__in=remove_attachments).delete()
    post.photos.filter(pk__in=remove_photos).delete()
    _files_attached(post, by, **files)
    if body == post.body:
        return post
    said = "\n".join([post.body, *post.versions.values_list("body", flat=True)])
    told = {person.pk for person in _mentioned(said, post.thread, by)}
    PostVersion.objects.create(
        post=post, body=post.body, written_at=post.edited_at or post.created_at
    )
    post.body = body
    post.edited_at = timezone.now()
    post.save(update_fields=["body", "edited_at"])
    search_index(post=post)
    mentioned = [person for person in _mentioned(body, post.thread, by) if person.pk not in told]
    _watch(post.thread, mentioned)
    _tell(mentioned, kind=NotificationKind.DISCUSSION_MENTION, thread=post.thread, post=post, by=by)
    return post


@transaction.atomic
def post_delete(*, by: User, post_id: int) -> Post:
    """The text and the files go; the post's place (and the thread) stays."""
    post = _locked_post(post_id, by)
    check_edition_writable(post.thread.edition_id)
    if not rules.can_delete_post(by, post):
        raise PermissionDenied
    post.body = ""
    post.deleted_at = timezone.now()
    post.save(update_fields=["body", "deleted_at"])
    search_index(post=post)
    post.versions.all().delete()  # deleted means gone, earlier wordings too
    post.attachments.all().delete()  # and its files, once this commits
    post.photos.all().delete()
    Thread.objects.filter(pk=post.thread_id, solution=post).update(solution=None, solved_at=None)
    return post


@transaction.atomic
def solution_mark(*, by: User, thread_id: int, post_id: int | None) -> Thread:
    """The asker (or the coordinator) marks the reply that solved the question, or unmarks it;
    the asker and the reply's author hear of it."""
    thread = _locked_thread(thread_id, by)
    check_edition_writable(thread.edition_id)
    if not rules.can_mark_solution(by, thread):
        raise PermissionDenied
    if post_id is None:
        thread.solution, thread.solved_at = None, None
        thread.save(update_fields=["solution", "solved_at"])
        return thread
    post = thread.posts.filter(pk=post_id).select_related("author").first()
    first = thread.posts.order_by("pk").values_list("pk", flat=True).first()
    if post is None or post.pk == first or post.is_deleted or post.is_hidden:
        raise ValidationError(rules.NOT_A_SOLUTION)
    if post.author_id is not None and post.author_id == thread.author_id:
        raise ValidationError(_("Only someone else's reply can solve the question."))
    thread.solution, thread.solved_at = post, timezone.now()
    thread.save(update_fields=["solution", "solved_at"])
    told = {pk for pk in (thread.author_id, post.author_id) if pk and pk != by.pk}
    if told:
        _tell(
            audience_of(thread, among=told).values(),
            kind=NotificationKind.DISCUSSION_SOLVED, thread=thread, post=post, by=by,
        )  # fmt: skip
    return thread


@transaction.atomic
def useful_toggle(*, by: User, post_id: int) -> bool:
    """Mark a post useful, or take the mark back; True when it is now marked."""
    post = _locked_post(post_id, by)
    check_edition_writable(post.thread.edition_id)
    if not rules.can_mark_useful(by, post):
        raise PermissionDenied
    removed, _kinds = UsefulMark.objects.filter(post=post, person=by).delete()
    if not removed:
        UsefulMark.objects.create(post=post, person=by)
    post.useful_count = F("useful_count") + (-1 if removed else 1)
    post.save(update_fields=["useful_count"])
    return not removed


def reading_advance(*, person: User, thread, post_id: int) -> None:
    """The person has read the thread up to this post (never back)."""
    if not person.is_authenticated:
        return
    # One statement on every page of a thread one reads: added, or moved forward, or nothing.
    table = Reading._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (person_id, thread_id, last_read_post_id) VALUES (%s, %s, %s) "  # noqa: S608  # nosec B608  # the model's own table name
            f"ON CONFLICT (person_id, thread_id) DO UPDATE "
            f"SET last_read_post_id = EXCLUDED.last_read_post_id "
            f"WHERE {table}.last_read_post_id < EXCLUDED.last_read_post_id RETURNING 1",
            [person.pk, thread.pk, post_id],
        )
        advanced = cursor.fetchone() is not None
    if advanced:
        changed(readings_family(person.pk))
        if post_id >= (thread.last_post_id or 0):  # caught up: what told of it is read too
            notifications_mark_read(person=person, which=_told_of(thread=thread))


# What the portal tells of discussions, by the thread's address it links to (a notification
# names no thread otherwise; the address is the same in both languages but for the prefix).
TOLD_OF_THREADS = [
    NotificationKind.DISCUSSION_THREAD, NotificationKind.DISCUSSION_REPLY,
    NotificationKind.DISCUSSION_MENTION, NotificationKind.DISCUSSION_SOLVED,
    NotificationKind.DISCUSSION_DEADLINE,
]  # fmt: skip


def _told_of(*, thread=None, network_id=None) -> Q:
    if thread is not None:
        where = Q(url__contains=f"/{thread.network.slug}/dyskusje/{thread.pk}/")
    else:
        where = Q(network_id=network_id)
    return where & Q(kind__in=TOLD_OF_THREADS)


def _network_reading(person, network_id, **values) -> None:
    NetworkReading.objects.update_or_create(person=person, network_id=network_id, defaults=values)
    changed(readings_family(person.pk))


def network_mark_read(*, person: User, network_id: int) -> None:
    """Everything of the network's discussions read, as of now, and what told of it."""
    _network_reading(person, network_id, all_read_at=timezone.now())
    notifications_mark_read(person=person, which=_told_of(network_id=network_id))


def new_threads_choose(*, person: User, network_id: int, choice: str) -> None:
    if choice not in NewThreadNews.values:
        raise ValidationError(_("Choose one of the options."))
    _network_reading(person, network_id, new_threads=choice)


def watch_set(*, person: User, thread_id: int, watching: bool) -> None:
    thread = Thread.objects.visible_to(person).filter(pk=thread_id).first()
    if thread is None:
        raise PermissionDenied
    Watch.objects.update_or_create(person=person, thread=thread, defaults={"watching": watching})


# The coordinator's acts on a thread


@transaction.atomic
def thread_pin(*, by: User, thread_id: int, until: dt.date | None) -> Thread:
    thread = _locked_thread(thread_id, by)
    if not rules.can_moderate(by, thread):
        raise PermissionDenied
    if until is not None and until < timezone.localdate():
        raise ValidationError(_("A thread is pinned until today or a later day."))
    if until is not None and until > pinned_at_most(timezone.localdate()):
        raise ValidationError(_("A thread is pinned for a year at the most."))
    thread.pinned_until = until
    thread.save(update_fields=["pinned_until"])
    return thread


@transaction.atomic
def thread_lock(*, by: User, thread_id: int, locked: bool) -> Thread:
    thread = _locked_thread(thread_id, by)
    if not rules.can_moderate(by, thread):
        raise PermissionDenied
    thread.locked_at = timezone.now() if locked else None
    thread.save(update_fields=["locked_at"])
    return thread


# Moderation of posts: the mechanism is empirie.moderation's, as for comments on results


class PostModerator(Moderator):
    """A post is moderated by the coordinator of its thread's network (empirie.moderation)."""

    reports, records = PostReport, PostModeration
    already_reported = gettext_lazy("You have already reported this post.")
    already_hidden = gettext_lazy("This post is already hidden.")
    not_hidden = gettext_lazy("This post is not hidden.")

    def readable(self, by):
        return Post.objects.visible_to(by)

    def locked(self, pk, by):
        return _locked_post(pk, by)

    def may_report(self, by, post):
        return rules.can_report_post(by, post)

    def may_moderate(self, by, post):
        return rules.can_moderate(by, post.thread)

    def changed(self, post):
        # A hidden reply still solved its question (the thread says the moderator hid it), so
        # restoring it undoes the hiding whole.
        search_index(post=post)


post_moderator = PostModerator()


def post_report(*, post_id: int, by: User, reason: str) -> PostReport:
    return post_moderator.report(post_id, by=by, reason=reason)


def post_hide(*, post_id: int, by: User, reason: str) -> Post:
    return post_moderator.hide(post_id, by=by, reason=reason)


def post_restore(*, post_id: int, by: User, reason: str = "") -> Post:
    return post_moderator.restore(post_id, by=by, reason=reason)


def post_reports_dismiss(*, post_id: int, by: User, reason: str = "") -> int:
    return post_moderator.dismiss_reports(post_id, by=by, reason=reason)


# Moving and merging: never across the closed network's boundary, so no audience changes
# without anyone seeing it.


def networks_to_move_to(by: User, thread) -> list[Network]:
    """The other networks the coordinator runs where the thread may go (none for a thread of
    a closed network, and never into one)."""
    if thread.network.is_closed:
        return []
    return list(
        Network.objects.filter(pk__in=access_of(by).coordinated)
        .exclude(pk=thread.network_id)
        .exclude(pk__in=closed_network_ids())
        .order_by("number")
    )


@transaction.atomic
def thread_move(*, by: User, thread_id: int, network_id: int) -> Thread:
    thread = _locked_thread(thread_id, by)
    if not rules.can_moderate(by, thread):
        raise PermissionDenied
    if network_id not in {network.pk for network in networks_to_move_to(by, thread)}:
        raise ValidationError(
            _("A thread moves only between thematic networks you coordinate; the leaders' "
              "network's threads stay in it and nothing moves into it.")
        )  # fmt: skip
    check_edition_writable(thread.edition_id)
    thread.network_id = network_id
    # It carries on in the other network's open edition (an archived thread does not move).
    thread.edition = edition_for_new_work(network_id)
    thread.save(update_fields=["network", "edition"])
    return Thread.objects.select_related("network").get(pk=thread.pk)


def threads_to_merge_into(by: User, thread):
    """Threads of the same network with the same readers, the newest first."""
    return (
        Thread.objects.visible_to(by)
        .filter(network_id=thread.network_id, audience=thread.audience)
        .exclude(pk=thread.pk)
        .order_by("-last_post_at")
    )


@transaction.atomic
def thread_merge(*, by: User, thread_id: int, into_id: int) -> Thread:
    """The duplicate's posts join the other thread, in the order they were written; its
    watchers watch the other one; the duplicate goes."""
    # Locked in id order, as any two writers would, so that two merges cannot deadlock.
    first, second = sorted((thread_id, into_id))
    locked = {pk: _locked_thread(pk, by) for pk in (first, second)}
    duplicate, into = locked[thread_id], locked[into_id]
    if not (rules.can_moderate(by, duplicate) and rules.can_moderate(by, into)):
        raise PermissionDenied
    if duplicate.pk == into.pk or (duplicate.network_id, duplicate.audience) != (
        into.network_id, into.audience,
    ):  # fmt: skip
        raise ValidationError(
            _("Only two threads of the same network, read by the same people, can be merged.")
        )
    duplicate.posts.update(thread=into)
    Watch.objects.bulk_create(
        [Watch(thread=into, person_id=w.person_id, watching=w.watching)
         for w in duplicate.watches.all()],
        ignore_conflicts=True,
    )  # fmt: skip
    last = into.posts.order_by("-pk").first()
    into.last_post_at, into.last_post_id = last.created_at, last.pk
    into.post_count = into.posts.count()
    into.save(update_fields=["last_post_at", "last_post_id", "post_count"])
    duplicate.delete()
    return into


# From discussion to knowledge


def _check_convertible(by, thread) -> None:
    if not rules.can_moderate(by, thread):
        raise PermissionDenied
    if not rules.can_convert(by, thread):  # checked on the locked row: solved a moment ago?
        raise ValidationError(rules.NOT_CONVERTIBLE)


def _worked_out(thread) -> tuple:
    """What a conversion carries: the first post (the question or the plan), and the reply
    that solved it or else the feedback (up to 20 replies), none deleted or hidden."""
    first = thread.posts.order_by("pk").first()
    others = (
        [thread.solution]
        if thread.solution_id
        else list(
            thread.posts.exclude(pk=first.pk if first else None)
            .filter(deleted_at=None, hidden_at=None)
            .select_related("author")
            .order_by("pk")[:20]
        )
    )
    return first, others


def _carry_documents(worked_out, make, *, by) -> None:
    """The documents of the posts a conversion carries (`worked_out`), copied to the new
    draft (`make()` gives its new attachment row): the draft is complete without the thread,
    and deleting a post later leaves it whole."""
    first, others = worked_out
    posts = [p.pk for p in [first, *others] if p and not p.is_deleted and not p.is_hidden]
    for document in PostAttachment.objects.filter(post_id__in=posts).order_by("post_id", "pk"):
        with document.file.open("rb") as content:
            uploads.attachment_saved(make(), File(content), title=document.title, by=by)


def _thread_as_html(worked_out, *, link: str) -> str:
    """The question (or the plan) and the reply that solved it, or the feedback
    (`worked_out`), as the portal's rich text, with a link back to the thread."""
    first, others = worked_out
    parts = [first.body_html if first else ""]
    for post in others:
        name = post.author.get_full_name() if post.author else _("a former user")
        parts.append(f"<h3>{escape(name)}</h3>{post.body_html}")
    back = escape(_("The thread in the network's discussions"))
    parts.append(f'<p><a href="{escape(link)}">{back}</a></p>')
    return "".join(parts)


@transaction.atomic
def thread_to_result(*, by: User, thread_id: int) -> "Result":  # noqa: F821
    """A draft result of the thread's network (a closed network's result stays inside it)."""
    from results.models import Result, ResultAttachment
    from results.services import result_draft

    thread = _locked_thread(thread_id, by)
    _check_convertible(by, thread)
    link = thread.get_absolute_url()
    drafted = Result.objects.filter(  # visible: the coordinator's own network's drafts
        network=thread.network, stage="draft", title=thread.title[:255], body__contains=link
    )
    if drafted.exists():
        raise ValidationError(_("A draft result made from this thread already exists: complete "
                                "it among the network's results."))  # fmt: skip
    worked_out = _worked_out(thread)
    first = worked_out[0]
    result = result_draft(
        by=by, network_id=thread.network_id, kind="report", title=thread.title[:255],
        summary=(first.body if first and first.body else thread.title)[:1000],
        body=_thread_as_html(worked_out, link=link),
    )  # fmt: skip
    _carry_documents(worked_out, lambda: ResultAttachment(result=result), by=by)
    return result


@transaction.atomic
def thread_to_practice(*, by: User, thread_id: int, category_id: int) -> "Practice":  # noqa: F821
    """A draft practice of the city that asked, for its author to complete and submit; of a
    closed network, restricted to it."""
    from practices.choices import PracticeStatus
    from practices.models import Category, Practice, PracticeAttachment
    from practices.services import search_index, unique_slug

    thread = _locked_thread(thread_id, by)
    _check_convertible(by, thread)
    author = thread.author
    city_id = getattr(getattr(author, "profile", None), "city_id", None) if author else None
    if city_id is None:
        raise ValidationError(
            _("A practice belongs to a city: this thread's author names none, so write it as a "
              "result instead.")
        )  # fmt: skip
    category = Category.objects.filter(pk=category_id).first()
    if category is None:
        raise ValidationError(_("Choose a category."))
    link = thread.get_absolute_url()
    drafted = Practice.objects.filter(  # visible: a check, nothing of it is shown
        status=PracticeStatus.DRAFT, title=thread.title[:255], presentation__contains=link
    )
    if drafted.exists():
        raise ValidationError(_("A draft practice made from this thread already awaits its "
                                "author."))  # fmt: skip
    worked_out = _worked_out(thread)
    first = worked_out[0]
    practice = Practice.objects.create(
        title=thread.title[:255], slug=unique_slug(thread.title), category=category,
        city_id=city_id, author=author, status=PracticeStatus.DRAFT,
        summary=(first.body if first and first.body else thread.title)[:1000],
        presentation=_thread_as_html(worked_out, link=link),
        restricted_to_networks=thread.network.is_closed,
    )  # fmt: skip
    practice.networks.set([thread.network])
    _carry_documents(worked_out, lambda: PracticeAttachment(practice=practice), by=by)
    search_index(practice)
    if author.pk != by.pk:  # the draft is theirs to complete: they are told where it is
        notify(
            recipient=author, kind=NotificationKind.DISCUSSION_DRAFT,
            params={"title": practice.title, "network": thread.network.name,
                    "person": by.get_full_name()},
            url=reverse("practices:edit", args=[practice.slug]), network=thread.network,
        )  # fmt: skip
    return practice


# The consultation's day for feedback

FEEDBACK_REMINDER_AHEAD = dt.timedelta(days=2)


def consultations_to_remind() -> list[int]:
    """Consultations whose day for feedback is within two days and whose author has not been
    told yet."""
    today = timezone.localdate()
    return list(
        Thread.objects.filter(  # visible: a task; each author is checked in feedback_remind
            kind=ThreadKind.CONSULTATION, feedback_reminded_at=None,
            feedback_until__gte=today, feedback_until__lte=today + FEEDBACK_REMINDER_AHEAD,
        ).values_list("pk", flat=True)
    )  # fmt: skip


@transaction.atomic
def feedback_remind(*, thread_id: int) -> bool:
    """Tell the consultation's author, once, while they may still read it."""
    thread = (
        Thread.objects.select_for_update(of=("self",))
        .select_related("network", "author")
        .filter(pk=thread_id, feedback_reminded_at=None)
        .first()
    )
    if thread is None:
        return False
    thread.feedback_reminded_at = timezone.now()
    thread.save(update_fields=["feedback_reminded_at"])
    if thread.author_id is None or not audience_of(thread, among=[thread.author_id]):
        return False
    notify(
        recipient=thread.author, kind=NotificationKind.DISCUSSION_DEADLINE,
        params={"network": thread.network.name, "title": thread.title,
                "day": thread.feedback_until.isoformat()},
        url=thread.get_absolute_url(), network=thread.network, network_audience=thread.audience,
    )  # fmt: skip
    return True
