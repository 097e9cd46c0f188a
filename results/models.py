from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from empirie import sanitise, uploads
from empirie.labels import QuickChoiceLabels
from empirie.moderation import Hideable, ModerationAction, ModerationRecord, Report
from networks.access import access_of, leaves_inside_q

from .choices import ResultKind, Stage


def readable_q(user, prefix: str = "") -> Q:
    """The results (or, with a prefix, the rows of results) the person may read: a draft is
    for the network's inside; a result for observers adds its observers; a public one is for
    everyone. A closed network's results never leave its inside, whatever their stage says."""
    access = access_of(user)
    if access.administrator:
        return Q()
    network = f"{prefix}network"
    beyond_inside = Q(**{f"{prefix}stage": Stage.PUBLIC}) | Q(
        **{f"{prefix}stage": Stage.OBSERVERS, f"{network}_id__in": access.observed}
    )
    return Q(**{f"{network}_id__in": access.inside}) | (leaves_inside_q(network) & beyond_inside)


class ResultQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(readable_q(user))


class CommentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A discussion is read by whoever reads its result (the rule said through the
        relation: one join the page makes anyway, where a subquery of results took the
        planner longer than the comments took to read)."""
        return self.filter(readable_q(user, "result__"))


class Result(QuickChoiceLabels, models.Model):
    """What a network produced: a recommendation, a report, a toolkit, a set of practices."""

    network = models.ForeignKey(
        "networks.Network", on_delete=models.PROTECT, related_name="results",
        verbose_name=_("network"),
    )  # fmt: skip
    # The edition it belongs to: the network's open one when it was made (its service sets it).
    edition = models.ForeignKey(
        "networks.Edition", on_delete=models.PROTECT, null=True, blank=True,
        related_name="results", verbose_name=_("edition"),
    )  # fmt: skip
    kind = models.CharField(_("kind"), max_length=16, choices=ResultKind.choices)
    title = models.CharField(_("title"), max_length=255)
    summary = models.TextField(_("summary"))
    body = models.TextField(_("text"), blank=True)
    meetings = models.ManyToManyField(
        "meetings.Meeting", blank=True, related_name="results", verbose_name=_("meetings")
    )
    practices = models.ManyToManyField(
        "practices.Practice", blank=True, related_name="results", verbose_name=_("practices")
    )
    plans = models.ManyToManyField(
        "cities.DevelopmentPlan",
        blank=True,
        related_name="results",
        verbose_name=_("development plans it serves"),
    )
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices, default=Stage.DRAFT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="results",
        verbose_name=_("author"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    opened_to_observers_at = models.DateTimeField(_("opened to observers"), null=True, blank=True)
    # The date by which the network asks its observers for opinions (set when opened to them).
    opinions_until = models.DateField(_("opinions until"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # What the search reads of it (results.services.search_document), lemmas and forms.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["network", "stage"]),
            models.Index(fields=["stage", "-published_at"]),
            # The results list, newest first: read in order, not sorted.
            models.Index(fields=["-updated_at", "-id"], name="result_newest_first"),
            # A result's network from the index alone: figures.staff's quiet cities probe it
            # for each comment a city's people wrote.
            models.Index(fields=["id"], include=["network"], name="result_network_by_id"),
            GinIndex(fields=["search_vector"], name="result_search"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(stage__in=Stage.values), name="result_stage_valid"),
            models.CheckConstraint(
                condition=Q(kind__in=ResultKind.values), name="result_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(stage=Stage.DRAFT) | Q(opened_to_observers_at__isnull=False),
                name="result_opened_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(stage=Stage.PUBLIC) | Q(published_at__isnull=False),
                name="result_public_has_date",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("results:detail", args=[self.pk])


class StageChange(models.Model):
    """A step of a result towards its readers: who moved it, when."""

    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(_("from"), max_length=10, choices=Stage.choices)
    to_stage = models.CharField(_("to"), max_length=10, choices=Stage.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.result}: {self.from_stage} → {self.to_stage}"


class ResultAttachment(uploads.Attachment):
    owner_field = "result"

    result = models.ForeignKey(
        Result, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("result")
    )


class Comment(Hideable, models.Model):
    """An opinion on a result, or a reply to one (one level deep). Plain text only; the
    coordinator may hide it (empirie.moderation)."""

    result = models.ForeignKey(
        Result, on_delete=models.CASCADE, related_name="comments", verbose_name=_("result")
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies",
        verbose_name=_("reply to"),
    )  # fmt: skip
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="comments",
        verbose_name=_("author"),
    )  # fmt: skip
    body = models.TextField(_("comment"), max_length=5000)
    # The body as the page shows it (escaped, links made clickable, line breaks kept), made
    # once when written rather than at every reading of a long discussion.
    body_html = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    # Deleted by its author: the text goes, the place in the thread stays for the replies.
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["result", "created_at"]),
            # Each list counts a result's live comments from the index alone.
            models.Index(
                fields=["result"],
                condition=Q(deleted_at=None, hidden_at=None),
                name="comment_live_by_result",
            ),
            # figures.staff: the observers' opinions of each result (its comments' authors)
            # and the quiet cities (a person's comments since a date), from the index alone.
            models.Index(
                fields=["result"],
                include=["author", "id"],
                condition=Q(deleted_at=None),
                name="comment_undeleted_authors",
            ),
            models.Index(
                fields=["author", "created_at"], include=["result"], name="comment_by_author_time"
            ),
            # The year's comments on a network's results, with their authors (figures.staff's
            # quiet cities): read from this alone, not from every comment of the year.
            models.Index(
                fields=["result", "created_at"], include=["author"], name="comment_result_time"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="comment_not_own_parent"
            ),
        ]

    def __str__(self):
        return self.body[:60]

    def save(self, *args, **kwargs):
        self.body_html = sanitise.plain_text(self.body)
        if kwargs.get("update_fields") and "body" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "body_html"}
        super().save(*args, **kwargs)

    @property
    def is_deleted(self):
        return self.deleted_at is not None


class CommentReport(Report):
    """Somebody thinks a comment breaks the rules; the coordinator looks at it."""

    reported_field = "comment"

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")

    class Meta(Report.Meta):
        verbose_name = _("comment report")
        verbose_name_plural = _("comment reports")
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "reporter"], name="comment_reported_once_per_person"
            ),
        ]


class Moderation(ModerationRecord):
    """What a moderator did to a comment, and why: the record of moderation."""

    reported_field = "comment"

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="moderations")

    class Meta(ModerationRecord.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=ModerationAction.values), name="moderation_action_valid"
            ),
        ]
