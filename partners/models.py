from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from empirie.moderation import Hideable, ModerationRecord, Report
from empirie.sanitise import plain_text


class ConversationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A conversation is its two sides' alone: nobody else reads it, administrators
        neither (a reported message reaches them through its report)."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(Q(starter=user) | Q(recipient=user))


class Conversation(models.Model):
    """Messages between two people: one asked the other (about a practice of theirs, or
    from their card), and they write back and forth. Neither sees the other's address."""

    starter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("started by"),
    )  # fmt: skip
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("asked"),
    )  # fmt: skip
    # What it is about: a practice asked about from its page (kept as the title too, so a
    # practice hidden later names nothing here).
    practice = models.ForeignKey(
        "practices.Practice", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("practice"),
    )  # fmt: skip
    subject = models.CharField(_("subject"), max_length=200)
    created_at = models.DateTimeField(_("started at"), default=timezone.now)
    last_message_at = models.DateTimeField(_("last message at"), default=timezone.now)
    last_author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Each side's reading: the conversation is unread for them while a message of the
    # other side is newer.
    starter_read_at = models.DateTimeField(null=True, blank=True)
    recipient_read_at = models.DateTimeField(null=True, blank=True)

    objects = ConversationQuerySet.as_manager()

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-last_message_at", "-pk"]
        indexes = [
            models.Index(fields=["starter", "-last_message_at"]),
            models.Index(fields=["recipient", "-last_message_at"]),
            # The rate limit counts the conversations a person started lately.
            models.Index(fields=["starter", "created_at"], name="conversation_started"),
        ]

    def __str__(self):
        return f"#{self.pk}"  # the audit log's label: no subject, no names

    def other_side(self, user):
        return self.recipient if self.starter_id == user.pk else self.starter

    def other_side_id(self, user):
        return self.recipient_id if self.starter_id == user.pk else self.starter_id


class MessageQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(conversation__in=Conversation.objects.visible_to(user))


class Message(Hideable, models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages",
        verbose_name=_("conversation"),
    )  # fmt: skip
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("author"),
    )  # fmt: skip
    body = models.TextField(_("message"))
    # The text as the page shows it, sanitised once (empirie.sanitise.plain_text).
    body_html = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["conversation", "created_at"])]

    def __str__(self):
        return f"#{self.pk}"

    def save(self, *args, **kwargs):
        self.body_html = plain_text(self.body)
        super().save(*args, **kwargs)


class MessageReport(Report):
    reported_field = "message"

    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, related_name="reports", verbose_name=_("message")
    )

    class Meta(Report.Meta):
        verbose_name = _("reported message")
        verbose_name_plural = _("reported messages")
        constraints = [
            models.UniqueConstraint(
                fields=["message", "reporter"], name="message_reported_once_per_person"
            )
        ]


class MessageModeration(ModerationRecord):
    reported_field = "message"

    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, related_name="moderation", verbose_name=_("message")
    )

    class Meta(ModerationRecord.Meta):
        verbose_name = _("moderation of a message")
        verbose_name_plural = _("moderation of messages")


class Block(models.Model):
    """A person accepts no more messages from another (who is told so when they try)."""

    blocker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
        verbose_name=_("blocked by"),
    )  # fmt: skip
    blocked = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
        verbose_name=_("blocked person"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("blocked at"), default=timezone.now)

    class Meta:
        verbose_name = _("blocked sender")
        verbose_name_plural = _("blocked senders")
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="block_once"),
            models.CheckConstraint(condition=~Q(blocker=models.F("blocked")), name="block_other"),
        ]

    def __str__(self):
        return f"{self.blocker_id} → {self.blocked_id}"
