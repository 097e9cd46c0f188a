"""A network's discussions: threads of posts between the quarterly meetings, read by the
network's people, or by its people and observers, as the thread's author chose."""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.choices import NetworkAudience
from empirie import uploads
from empirie.labels import QuickChoiceLabels
from empirie.moderation import Hideable, ModerationRecord, Report
from empirie.sanitise import plain_text
from networks.access import access_of, leaves_inside_q

from .choices import NewThreadNews, ThreadKind


def readable_q(user, prefix: str = "") -> Q:
    """The threads (or, with a prefix, the rows of threads) the person may read: the inside's
    people read every thread of the network; its observers those opened to them, never in a
    closed network (networks.access says who is inside and who observes)."""
    access = access_of(user)
    if access.administrator:
        return Q()
    network = f"{prefix}network"
    return Q(**{f"{network}_id__in": access.inside}) | (
        Q(**{f"{prefix}audience": NetworkAudience.OBSERVERS, f"{network}_id__in": access.observed})
        & leaves_inside_q(network)
    )


class ThreadQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(readable_q(user))


class PostQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(readable_q(user, "thread__"))


class Thread(QuickChoiceLabels, models.Model):
    network = models.ForeignKey(
        "networks.Network", on_delete=models.PROTECT, related_name="threads",
        verbose_name=_("network"),
    )  # fmt: skip
    # The edition it belongs to: the network's open one when it was made (its service sets it).
    edition = models.ForeignKey(
        "networks.Edition", on_delete=models.PROTECT, null=True, blank=True,
        related_name="threads", verbose_name=_("edition"),
    )  # fmt: skip
    kind = models.CharField(_("kind"), max_length=16, choices=ThreadKind.choices)
    audience = models.CharField(
        _("who reads it"), max_length=10, choices=NetworkAudience.choices,
        default=NetworkAudience.INSIDE,
    )  # fmt: skip
    title = models.CharField(_("title"), max_length=200)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="threads",
        verbose_name=_("author"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    # The newest post, kept here so that lists sort by activity and know what is unread from
    # the thread's own row.
    last_post_at = models.DateTimeField(_("last post at"))
    last_post_id = models.BigIntegerField(null=True, editable=False)
    post_count = models.PositiveIntegerField(_("posts"), default=0)
    # An announcement stays on top of the list until this day.
    pinned_until = models.DateField(_("pinned until"), null=True, blank=True)
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True)
    # A consultation asks for feedback by this day.
    feedback_until = models.DateField(_("feedback until"), null=True, blank=True)
    # Its author was told the day is near (once: the reminder task sets it under a lock).
    feedback_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    solution = models.ForeignKey(
        "Post", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("the reply that solved it"),
    )  # fmt: skip
    solved_at = models.DateTimeField(_("solved at"), null=True, blank=True)
    # The folded title, as the portal's search compares text (empirie/folding.py).
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ThreadQuerySet.as_manager()

    class Meta:
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        ordering = ["-last_post_at", "-pk"]
        indexes = [
            # A network's list, newest activity first: read in order, not sorted.
            models.Index(fields=["network", "-last_post_at", "-id"], name="thread_by_activity"),
            # A thread's network from the index alone (figures.staff's quiet cities: a probe
            # for each post a city's people wrote).
            models.Index(fields=["id"], include=["network"], name="thread_network_by_id"),
            GinIndex(fields=["search_vector"], name="thread_search"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ThreadKind.values), name="thread_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(audience__in=NetworkAudience.values), name="thread_audience_valid"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("discussions:thread", args=[self.network.slug, self.pk])

    @property
    def is_locked(self):
        return self.locked_at is not None

    @property
    def is_solved(self):
        return self.solution_id is not None

    @property
    def feedback_closed(self):
        """A consultation past its date: replies still come, but the network no longer asks."""
        return self.feedback_until is not None and self.feedback_until < timezone.localdate()


class Post(Hideable, models.Model):
    """One message of a thread: plain text with links, paragraphs and lists; the coordinator
    may hide it (empirie.moderation)."""

    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, related_name="posts", verbose_name=_("thread")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="posts",
        verbose_name=_("author"),
    )  # fmt: skip
    body = models.TextField(_("text"), max_length=10000)
    body_html = models.TextField(editable=False, blank=True)
    quoted = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("quotes"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    # Deleted by its author: the text goes, its place in the thread stays.
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)
    useful_count = models.PositiveIntegerField(_("marked useful"), default=0)
    # The folded text (empty once deleted or hidden), for the portal's search.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = pgettext_lazy("a message in a discussion", "post")
        verbose_name_plural = _("posts")
        ordering = ["pk"]
        indexes = [
            # The thread's pages read it in order; the networks' statistics count posts by
            # quarter from this alone (created_at carried), not from the wide rows.
            models.Index(
                fields=["thread", "id"], include=["created_at"], name="post_in_thread_order"
            ),
            GinIndex(fields=["search_vector"], name="post_search"),
            # A person's posts since a date, with their thread (figures.staff's quiet cities).
            models.Index(
                fields=["author", "created_at"], include=["thread"], name="post_by_author_time"
            ),
            # The year's posts of a network's threads, with their authors (figures.staff's quiet
            # cities): read from this alone, not from the posts' rows.
            models.Index(
                fields=["thread", "created_at"], include=["author"], name="post_thread_time"
            ),
        ]

    def __str__(self):
        return self.body[:60]

    def save(self, *args, **kwargs):
        self.body_html = plain_text(self.body)
        if kwargs.get("update_fields") and "body" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "body_html"}
        super().save(*args, **kwargs)

    @property
    def is_deleted(self):
        return self.deleted_at is not None


class PostAttachment(uploads.Attachment):
    """A document sent with a post: PDF, DOCX, XLSX or PPTX."""

    owner_field = "post"

    post = models.ForeignKey(
        Post,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=pgettext_lazy("a message in a discussion", "post"),
    )


class PostPhoto(uploads.Photo):
    """A photo sent with a post; its thumbnail is made after the upload commits."""

    owner_field = "post"

    post = models.ForeignKey(
        Post,
        on_delete=models.CASCADE,
        related_name="photos",
        verbose_name=pgettext_lazy("a message in a discussion", "post"),
    )


class PostVersion(models.Model):
    """A post's text before an edit, kept for the moderator."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="versions")
    body = models.TextField(_("text"))
    written_at = models.DateTimeField(_("written at"))

    class Meta:
        verbose_name = _("earlier version")
        verbose_name_plural = _("earlier versions")
        ordering = ["written_at", "pk"]

    def __str__(self):
        return f"{self.post_id} @ {self.written_at:%Y-%m-%d %H:%M}"


class UsefulMark(models.Model):
    """A person found a post useful: one mark each."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="useful_marks")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "person"], name="useful_once_per_person")
        ]

    def __str__(self):
        return f"{self.person_id} → {self.post_id}"


class Reading(models.Model):
    """How far a person has read a thread (posts are numbered in order of writing)."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="readings")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_read_post_id = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "thread"], name="reading_once_per_thread")
        ]

    def __str__(self):
        return f"{self.person_id}: {self.thread_id} up to {self.last_read_post_id}"


class NetworkReading(models.Model):
    """A person's choices for one network's discussions: everything read up to a moment ("mark
    all read") and which new threads they hear of."""

    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    all_read_at = models.DateTimeField(null=True, blank=True)
    new_threads = models.CharField(
        _("new threads I hear of"), max_length=10, choices=NewThreadNews.choices,
        default=NewThreadNews.EVERY,
    )  # fmt: skip

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "network"], name="network_reading_once"),
            models.CheckConstraint(
                condition=Q(new_threads__in=NewThreadNews.values), name="new_threads_valid"
            ),
        ]

    def __str__(self):
        return f"{self.person_id}: {self.network_id}"


class Watch(models.Model):
    """A person hears of a thread's replies (watching) or chose not to (muted)."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="watches")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    watching = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "thread"], name="watch_once_per_thread")
        ]

    def __str__(self):
        return f"{self.person_id}: {self.thread_id} ({self.watching})"


class PostReport(Report):
    """Somebody thinks a post breaks the rules; the coordinator looks at it."""

    reported_field = "post"

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")

    class Meta(Report.Meta):
        verbose_name = _("post report")
        verbose_name_plural = _("post reports")
        constraints = [
            models.UniqueConstraint(
                fields=["post", "reporter"], name="post_reported_once_per_person"
            )
        ]


class PostModeration(ModerationRecord):
    """What a moderator did to a post, and why: the record of moderation."""

    reported_field = "post"

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="moderations")
