"""What the discussion pages read, always through `visible_to`."""

import datetime as dt
import re

from django.db.models import Count, Exists, F, OuterRef, Q, prefetch_related_objects
from django.utils import timezone

from cities.models import City
from empirie import moderation
from empirie.collation import word_start_q
from networks.access import access_of
from search.query import Matches

from .choices import ThreadKind
from .models import (
    NetworkReading,
    Post,
    PostAttachment,
    PostPhoto,
    PostReport,
    Reading,
    Thread,
    UsefulMark,
)

# What no page shows, only search reads: never carried from the database to a page.
UNSHOWN = ("search_vector",)
THREADS_PER_PAGE = 30
POSTS_PER_PAGE = 50
# What is older than this counts as read: a new member is not greeted by years of "unread".
UNREAD_HORIZON = dt.timedelta(days=30)


def threads_of(user, network, *, kind="", state="", city=""):
    threads = Thread.objects.visible_to(user).filter(network=network)
    if kind in ThreadKind.values:
        threads = threads.filter(kind=kind)
    if state == "rozwiazane":
        threads = threads.filter(kind=ThreadKind.QUESTION, solution__isnull=False)
    elif state == "otwarte":
        threads = threads.filter(kind=ThreadKind.QUESTION, solution__isnull=True)
    if city:
        threads = threads.filter(author__profile__city__in=cities_named(city))
    return threads


def with_authors(threads):
    """The threads as their rows show them: the author as four values, not an account,
    profile and city each (counted without them: the count needs no join)."""
    return threads.defer(*UNSHOWN).annotate(
        author_first_name=F("author__first_name"),
        author_last_name=F("author__last_name"),
        author_is_active=F("author__is_active"),
        author_city=F("author__profile__city__name"),
    )


def cities_named(typed: str):
    """The cities with a word of their name starting with each word typed ("nowy sacz",
    "nowy-sacz" and "Nowy Sącz" all find Nowy Sącz); none when nothing typed is a letter."""
    starts = [q for word in re.findall(r"\w+", typed) if (q := word_start_q("sort_key", word))]
    return City.objects.filter(*starts) if starts else City.objects.none()


def pinned_and_rest(threads):
    """Announcements pinned until today or later come first, on the first page only."""
    today = timezone.localdate()
    return threads.filter(pinned_until__gte=today), threads.exclude(pinned_until__gte=today)


def readings_family(person_id) -> str:
    """The cache family of what the person has read of the discussions (their desk's counts)."""
    return f"discussion-readings:{person_id}"


def network_reading(user, network):
    """The person's reading choices for the network (unsaved defaults if they made none)."""
    return NetworkReading.objects.filter(person=user, network=network).first() or NetworkReading(
        person=user, network=network
    )


def mark_unread(user, threads, *, all_read_at=None) -> None:
    """Marks each thread of a page `unread` (bold in the list) for the person."""
    if not user.is_authenticated:
        for thread in threads:
            thread.unread = False
        return
    since = timezone.now() - UNREAD_HORIZON
    if all_read_at is not None:
        since = max(since, all_read_at)
    read_up_to = dict(
        Reading.objects.filter(person=user, thread__in=[t.pk for t in threads]).values_list(
            "thread_id", "last_read_post_id"
        )
    )
    for thread in threads:
        thread.unread = thread.last_post_at > since and (thread.last_post_id or 0) > read_up_to.get(
            thread.pk, 0
        )


def unread_by_network(user, network_ids):
    """Unread threads per network, for the networks given: rows of (network id, count)."""
    horizon = timezone.now() - UNREAD_HORIZON
    read = Reading.objects.filter(
        person=user, thread=OuterRef("pk"), last_read_post_id__gte=OuterRef("last_post_id")
    )
    all_read = NetworkReading.objects.filter(
        person=user, network=OuterRef("network"), all_read_at__gte=OuterRef("last_post_at")
    )
    return (
        Thread.objects.visible_to(user)
        .filter(network_id__in=network_ids, last_post_at__gte=horizon)
        .filter(~Exists(read), ~Exists(all_read))
        .values_list("network_id")
        .annotate(unread=Count("pk"))
        .order_by()
    )


def unread_counts(user, network_ids) -> dict[int, int]:
    """Unread threads per network, for the networks given, in one query."""
    if not user.is_authenticated or not network_ids:
        return {}
    return dict(unread_by_network(user, network_ids))


def thread_page_for(user, network, pk):
    thread = (
        Thread.objects.visible_to(user)
        .filter(network=network, pk=pk)
        .select_related("author__profile__city", "edition")  # the edition: an archive's?
        .defer(*UNSHOWN)
        .first()
    )
    if thread is not None:
        thread.network = network  # the page's own, read already
        if thread.solution_id:
            # Read apart, for the few solved threads: joined in, the solution's post, author,
            # profile and city made every thread's query seven tables, and PostgreSQL took
            # longer to plan it than to run it.
            thread.solution = posts_of(thread).filter(pk=thread.solution_id).first()
    return thread


def posts_of(thread):
    """A thread's posts; `thread` comes from thread_page_for, read through visible_to."""
    return (
        # visible: the posts of a thread the person reads (thread_page_for)
        Post.objects.filter(thread=thread)
        .select_related("author__profile__city", "quoted__author")
        .defer(*UNSHOWN, "quoted__search_vector")
    )


def posts_in(thread):
    """A thread's posts as they are: what its pages count and pick their ids from."""
    # visible: the posts of a thread the person reads (thread_page_for)
    return Post.objects.filter(thread=thread)


def posts_as_drawn(thread, reader):
    """A thread's posts as its page draws them for the reader (rows.PostsDrawn): the author
    and the post quoted as values, not an account, profile, city, post and account each (the
    joins are the same; Python builds one object a row rather than six, some 3 ms a page of
    50); whether each has documents or photos, so the page reads the files of only those that
    have some (load_files); and whether the reader marked it useful or reported it."""
    return (
        posts_in(thread)
        .defer(*UNSHOWN, "body")
        .annotate(
            author_first_name=F("author__first_name"),
            author_last_name=F("author__last_name"),
            author_is_active=F("author__is_active"),
            author_city=F("author__profile__city__name"),
            quoted_body_html=F("quoted__body_html"),
            quoted_gone=Q(quoted__deleted_at__isnull=False) | Q(quoted__hidden_at__isnull=False),
            quoted_author_first_name=F("quoted__author__first_name"),
            quoted_author_last_name=F("quoted__author__last_name"),
            quoted_author_is_active=F("quoted__author__is_active"),
            # visible: the files of the posts annotated, which the reader reads
            has_documents=Exists(PostAttachment.objects.filter(post=OuterRef("pk"))),
            # visible: as above
            has_photos=Exists(PostPhoto.objects.filter(post=OuterRef("pk"))),
            marked_useful=Exists(UsefulMark.objects.filter(post=OuterRef("pk"), person=reader)),
            reported_by_reader=Exists(
                PostReport.objects.filter(post=OuterRef("pk"), reporter=reader)
            ),
        )
    )


def load_files(posts) -> None:
    """Each post's documents and photos (post.has_files, then post.attachments.all and
    post.photos.all), read for the posts that have any: most have none, and reading the two
    relations for a page of 50 cost more than the page's posts."""
    for post in posts:
        post.has_files = post.has_documents or post.has_photos
    prefetch_related_objects([post for post in posts if post.has_files], "attachments", "photos")


def page_of_post(thread, post_id) -> int:
    # visible: a count within a thread the person reads (thread_page_for)
    before = Post.objects.filter(thread=thread, pk__lt=post_id).count()
    return before // POSTS_PER_PAGE + 1


def first_unread_post(user, thread) -> int | None:
    """The first post the person has not read, or None (nothing read yet, or all read)."""
    read_up_to = (
        Reading.objects.filter(person=user, thread=thread)
        .values_list("last_read_post_id", flat=True)
        .first()
    )
    if read_up_to is None or (thread.last_post_id or 0) <= read_up_to:
        return None
    return (
        # visible: a thread the person reads (thread_page_for)
        Post.objects.filter(thread=thread, pk__gt=read_up_to)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )


def posts_reported_to(user):
    """Posts with reports not yet handled in the networks the person moderates (those they
    coordinate), the longest reported first."""
    return (
        moderation.reported(Post.objects.visible_to(user), PostReport)
        .filter(thread__network_id__in=access_of(user).coordinated)
        .select_related("thread__network", "author")
        .order_by("reported_at", "pk")
    )


def threads_matching(user, asked):
    """The threads the person may read whose title or any live post has the words asked
    (search.query.understood), best first: what the portal's one search asks of the
    discussions."""

    def by_posts(query):
        posts = Post.objects.visible_to(user).filter(Matches(F("search_vector"), query))
        return Q(pk__in=posts.values("thread_id"))

    return (
        asked.filter(Thread.objects.visible_to(user), also=by_posts)
        .select_related("network")
        .order_by("-rank", "-last_post_at")
    )
