"""Reads of the directory and the messages, each through its model's visible_to."""

from typing import NamedTuple

from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, When

from accounts.models import PartnerCard
from empirie import moderation
from practices.choices import PracticeStatus
from practices.models import Practice

from . import rules
from .models import Block, Conversation, Message, MessageReport


def directory(network, viewer):
    """The cards of the network's people the viewer may see, in Polish order of names, with
    what a row shows in the same query."""
    return (
        PartnerCard.objects.visible_to(viewer, network=network)
        .select_related("user__profile__city")
        .order_by("user__sort_key", "user_id")
    )


class DirectoryRow(NamedTuple):
    pk: int
    expertise: list
    city_id: int | None
    city_name: str | None
    city_sort_key: str | None


def directory_rows(network, viewer) -> list[DirectoryRow]:
    """The directory as the few fields its filters, count and pages need, in one query: a
    network's people are hundreds, so its filters' options, its count and the page's cards
    are worked out from them, not asked of the database three more times."""
    return [
        DirectoryRow(*row)
        for row in directory(network, viewer).values_list(
            "pk",
            "expertise",
            "user__profile__city_id",
            "user__profile__city__name",
            "user__profile__city__sort_key",
        )  # fmt: skip
    ]


def cards_in_order(pks) -> list:
    """The cards of a page (already read through visible_to), with what a row shows."""
    # visible: the ids were read through PartnerCard.objects.visible_to (directory_rows)
    cards = PartnerCard.objects.filter(pk__in=pks).select_related("user__profile__city")
    by_pk = {card.pk: card for card in cards}
    return [by_pk[pk] for pk in pks if pk in by_pk]


def practices_of(person, viewer):
    """The person's published practices the viewer reads."""
    return (
        Practice.objects.visible_to(viewer)
        .filter(author=person, status=PracticeStatus.PUBLISHED)
        .select_related("city")
        .order_by("-published_at", "pk")
    )


def _unread_q(user) -> Q:
    return (
        Q(starter=user) & (Q(starter_read_at=None) | Q(starter_read_at__lt=F("last_message_at")))
    ) | (
        Q(recipient=user)
        & (Q(recipient_read_at=None) | Q(recipient_read_at__lt=F("last_message_at")))
    )


def conversations_of(user):
    """The person's conversations, the newest first, each with whether a message of the
    other side waits unread."""
    return (
        Conversation.objects.visible_to(user)
        .select_related("starter__profile__city", "recipient__profile__city")
        .annotate(
            unread=Case(When(_unread_q(user) & ~Q(last_author=user), then=True), default=False)
        )
    )


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return (
        Conversation.objects.visible_to(user).filter(_unread_q(user) & ~Q(last_author=user)).count()
    )


def messages_of(conversation, user):
    return (
        Message.objects.visible_to(user).filter(conversation=conversation).select_related("author")
    )


def blocked_by(user, person_id) -> bool:
    return Block.objects.filter(blocker=user, blocked_id=person_id).exists()


# Reported messages: ZMP's staff read a reported message through its report, and nothing else
# of its conversation; everyone else (coordinators too) reads only their own conversations.


def messages_reported_to(user):
    """Messages with reports not yet handled, for those who moderate messages (ZMP's
    administrators), the longest reported first, each with the oldest open report's reason;
    nobody else's."""
    reason = moderation.oldest_open_report(MessageReport).values("reason")[:1]
    reported = (
        # visible: the message reaches ZMP's staff through its report (the rule below)
        moderation.reported(Message.objects.all(), MessageReport)
        .annotate(report_reason=Subquery(reason))
        .select_related("author")
        .order_by("reported_at", "pk")
    )
    # Empty, with the same fields, for everyone else: the desk reads every queue alike.
    return reported if rules.may_moderate_messages(user) else reported.none()


def message_to_moderate(user, pk):
    """A message somebody reported (whether or not the report is handled yet), for those who
    moderate messages; None for everyone else and for a message nobody reported."""
    if not rules.may_moderate_messages(user):
        return None
    return (
        # visible: the message reaches ZMP's staff through its report (rules above)
        Message.objects.filter(pk=pk)
        .filter(Exists(MessageReport.objects.filter(message=OuterRef("pk"))))
        .select_related("author")
        .first()
    )
