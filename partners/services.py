"""Writes of the directory and the messages: they take ids, lock the row, check the rule on
it and save only their fields."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.choices import NotificationKind
from accounts.models import User
from accounts.services import notify
from empirie.moderation import Moderator
from empirie.sanitise import visible

from . import rules
from .models import Block, Conversation, Message, MessageModeration, MessageReport

MESSAGE_LENGTH = 5000
# A subject made of a message's first words: as long as a list's line shows.
SUBJECT_LENGTH = 60


# Conversations


def _text(body: str) -> str:
    body = visible(body)
    if not body:
        raise ValidationError(_("Write your message."), code="empty")
    if len(body) > MESSAGE_LENGTH:
        raise ValidationError(
            _("A message has at most %(limit)d characters.") % {"limit": MESSAGE_LENGTH}
        )
    return body


def refuses(person, sender) -> bool:
    """Whether the person blocked the sender."""
    return Block.objects.filter(blocker=person, blocked=sender).exists()


def _closed(person) -> ValidationError:
    return ValidationError(
        _("%(name)s is now among the leaders' network's people, whom only those who see its "
          "inside may write to; you may write again once they have answered you here.")
        % {"name": person.public_name},
        code="closed",
    )  # fmt: skip


def _over_hourly_limit(sender, now) -> None:
    """At most so many messages an hour (counted under the sender's locked row)."""
    written = Message.objects.filter(
        author=sender, created_at__gte=now - dt.timedelta(hours=1)
    ).count()
    if written >= rules.MESSAGES_PER_HOUR:
        raise ValidationError(
            _("You have written %(limit)d messages in the last hour, the most an hour allows. "
              "Your text is kept below: send it a little later.")
            % {"limit": rules.MESSAGES_PER_HOUR},
            code="limit",
        )  # fmt: skip


def unanswered_to(sender, person):
    """A conversation the sender started with the person that the person has not answered."""
    return (
        Conversation.objects.filter(starter=sender, recipient=person)
        .exclude(messages__author=person)
        .order_by("-last_message_at")
        .first()
    )


def subject_of(body: str) -> str:
    """A conversation started from a card: its first words name it in the lists."""
    words = " ".join(body.split())
    if len(words) <= SUBJECT_LENGTH:
        return words
    cut = words[:SUBJECT_LENGTH].rsplit(" ", 1)[0] or words[:SUBJECT_LENGTH]
    return cut + "…"


def _not_accepted(person) -> ValidationError:
    return ValidationError(
        _("%(name)s does not accept messages from you.") % {"name": person.public_name},
        code="blocked",
    )


def conversation_start(
    *, by, person_id: int, body: str, practice_slug: str | None = None
) -> Conversation:
    """`by` asks the person (a practice's author, or a person from their card). Http404 if
    they may not; ValidationError, said to them, if the person blocked them or they reached
    today's limit of new conversations."""
    body = _text(body)
    with transaction.atomic():
        # The sender's row, locked: two conversations started at once count one after the other.
        sender = User.objects.select_for_update().get(pk=by.pk)
        person = User.objects.filter(pk=person_id, is_active=True).first()
        practice = None
        if practice_slug is not None:
            practice = rules.practice_askable(by, practice_slug)
            if practice is None:
                raise Http404
        if not rules.may_ask(by, person, practice=practice):
            raise Http404
        if refuses(person, sender):
            raise _not_accepted(person)
        if (waiting := unanswered_to(sender, person)) is not None:
            # One question at a time to a person: the limit of the day counts conversations,
            # not people asked.
            raise ValidationError(
                _("You have already written to %(name)s and they have not answered yet: write "
                  "in that conversation (“%(subject)s”) instead of starting another.")
                % {"name": person.public_name, "subject": waiting.subject},
                code="unanswered",
                params={"conversation": waiting.pk},
            )  # fmt: skip
        since = timezone.now() - dt.timedelta(days=1)
        started = Conversation.objects.filter(starter=sender, created_at__gte=since).count()
        if started >= rules.NEW_CONVERSATIONS_PER_DAY:
            raise ValidationError(
                _(
                    "You have started %(limit)d conversations in the last 24 hours, the most "
                    "a day allows. Try again tomorrow, or write in a conversation you have."
                )
                % {"limit": rules.NEW_CONVERSATIONS_PER_DAY},
                code="limit",
            )
        now = timezone.now()
        _over_hourly_limit(sender, now)
        subject = practice.title if practice is not None else subject_of(body)
        conversation = Conversation.objects.create(
            starter=sender, recipient=person, practice=practice, subject=subject[:200],
            created_at=now, last_message_at=now, last_author=sender, starter_read_at=now,
        )  # fmt: skip
        message = Message.objects.create(
            conversation=conversation, author=sender, body=body, created_at=now
        )
        _tell(person, message)
    return conversation


def reply(*, by, conversation_id: int, body: str) -> Message:
    """A message in the conversation, from one of its sides; refused (said) when the other
    side blocked them or no longer has an account, when they may no longer ask the other side
    (rules.may_write), or past the limits: so many messages in a row before the other side
    answers, so many an hour."""
    body = _text(body)
    with transaction.atomic():
        # The sender's row, locked first (as conversation_start does): two messages sent at
        # once are counted one after the other.
        sender = User.objects.select_for_update().get(pk=by.pk)
        conversation = (
            Conversation.objects.visible_to(by)
            .select_for_update(of=("self",))
            .filter(pk=conversation_id)
            .first()
        )
        if conversation is None:
            raise Http404
        other = User.objects.filter(pk=conversation.other_side_id(by)).first()
        if other is None or not other.is_active:
            raise ValidationError(
                _("The other person no longer has an account: nobody would read it."),
                code="gone",
            )
        if refuses(other, by):
            raise _not_accepted(other)
        if not rules.may_write(by, conversation, other):
            raise _closed(other)
        last_authors = list(
            Message.objects.filter(conversation=conversation)
            .order_by("-created_at", "-pk")
            .values_list("author_id", flat=True)[: rules.MESSAGES_IN_A_ROW]
        )
        if len(last_authors) == rules.MESSAGES_IN_A_ROW and set(last_authors) == {by.pk}:
            raise ValidationError(
                _("You have written %(limit)d messages in a row here; wait for %(name)s to "
                  "answer before writing more. Your text is kept below.")
                % {"limit": rules.MESSAGES_IN_A_ROW, "name": other.public_name},
                code="in_a_row",
            )  # fmt: skip
        now = timezone.now()
        _over_hourly_limit(sender, now)
        message = Message.objects.create(
            conversation=conversation, author=by, body=body, created_at=now
        )
        conversation.last_message_at, conversation.last_author = now, by
        mine = "starter_read_at" if conversation.starter_id == by.pk else "recipient_read_at"
        setattr(conversation, mine, now)
        conversation.save(update_fields=["last_message_at", "last_author", mine])
        _tell(other, message)
    return message


def conversation_read(*, by, conversation_id: int) -> None:
    """The person read the conversation up to now (one UPDATE, no lock: a later message is
    newer than this time whatever the order)."""
    now = timezone.now()
    Conversation.objects.filter(pk=conversation_id, starter=by).update(starter_read_at=now)
    Conversation.objects.filter(pk=conversation_id, recipient=by).update(recipient_read_at=now)


# What a notification quotes of a message: enough to answer from the e-mail's preview.
QUOTED = 1000


def _tell(person, message) -> None:
    """The message as a notification: in the portal (the header's count), and by e-mail as
    the person chose (accounts.mail: plain and HTML, through the outbox when the mail server
    fails). It names the sender and quotes their words, never an address of either side; its
    link leads to the conversation, where replies are written."""
    sender = message.author
    city = getattr(getattr(sender, "profile", None), "city", None)
    text = message.body if len(message.body) <= QUOTED else message.body[:QUOTED] + "…"
    notify(
        recipient=person,
        kind=NotificationKind.MESSAGE,
        params={
            "person": sender.get_full_name(), "city": city.name if city else "",
            "title": message.conversation.subject, "text": text,
        },
        url=reverse("partners:conversation", args=[message.conversation_id]),
    )  # fmt: skip


# Blocking


@transaction.atomic
def block(*, by, person_id: int) -> bool:
    """The person accepts no more messages from another. False if blocked already."""
    if person_id == by.pk or not User.objects.filter(pk=person_id).exists():
        raise Http404
    _block, created = Block.objects.get_or_create(blocker=by, blocked_id=person_id)
    return created


@transaction.atomic
def unblock(*, by, person_id: int) -> bool:
    deleted, _rows = Block.objects.filter(blocker=by, blocked_id=person_id).delete()
    return bool(deleted)


# Reports: the moderation of every text (empirie.moderation), for ZMP's staff


class MessageModerator(Moderator):
    reports = MessageReport
    records = MessageModeration
    already_reported = gettext_lazy("You have already reported this message.")
    already_hidden = gettext_lazy("This message is hidden already.")
    not_hidden = gettext_lazy("This message is not hidden.")

    def readable(self, by):
        return Message.objects.visible_to(by)

    def locked(self, pk, by):
        message = Message.objects.select_for_update().filter(pk=pk).first()
        if message is None:
            raise PermissionDenied
        return message

    def may_report(self, by, text) -> bool:
        return text.author_id != by.pk

    def may_moderate(self, by, text) -> bool:
        return rules.may_moderate_messages(by)

    def changed(self, text) -> None:
        """A conversation named by its first message's words (one started from a card) is
        renamed with it: a hidden message's words stay out of every list and title."""
        conversation = Conversation.objects.select_for_update().get(pk=text.conversation_id)
        first = conversation.messages.order_by("created_at", "pk").first()
        if conversation.practice_id is not None or first is None or first.pk != text.pk:
            return
        if text.is_hidden:
            with translation.override(settings.LANGUAGE_CODE):  # stored, read by both sides
                subject = _("A message hidden by ZMP's staff")
        else:
            subject = subject_of(text.body)
        conversation.subject = subject[:200]
        conversation.save(update_fields=["subject"])


moderator = MessageModerator()
