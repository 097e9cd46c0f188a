"""Who may write to whom (the closed network's clause comes from networks.access)."""

from django.db.models import Q

from accounts.models import PartnerCard
from accounts.rules import is_zmp_administrator
from networks.access import access_of, closed_network_ids, sees_inside_q
from networks.choices import ParticipationStatus
from networks.models import Participation
from practices.choices import PracticeStatus
from practices.models import Practice

from .models import Message

# New conversations a person may start in a day: enough to ask around, too few to spam.
NEW_CONVERSATIONS_PER_DAY = 10
# Messages in a row in a conversation before the other side answers, and messages a person
# may write in an hour overall: each one is an e-mail to someone.
MESSAGES_IN_A_ROW = 3
MESSAGES_PER_HOUR = 60


def closed_to(viewer, person) -> bool:
    """Whether the person is one of a closed network's people whose inside the viewer does
    not see: the leaders' people are asked only by those who see its inside."""
    hidden = closed_network_ids() - access_of(viewer).inside
    if not hidden or access_of(viewer).administrator:
        return False
    return (
        Participation.objects.filter(sees_inside_q(), network_id__in=hidden, person=person)
        .order_by()
        .exists()
    )


def practice_askable(viewer, practice_slug: str):
    """The published practice the viewer reads (through its visible_to), with an author to
    ask; None otherwise."""
    return (
        Practice.objects.visible_to(viewer)
        .filter(slug=practice_slug, status=PracticeStatus.PUBLISHED, author__is_active=True)
        .select_related("author__profile__city", "city")
        .first()
    )


# Successions followed from a practice's author to whoever holds their seat now.
SUCCESSIONS_FOLLOWED = 5


def practice_contact(practice):
    """Who answers for a practice: its author while they hold a seat of the practice's city;
    once they hold none, whoever holds now the seat handed over from them (along later hand-
    overs too), or the author if nobody does. Never through a closed network's seat: who sits
    there is not told to those it is closed to, and its people are asked only by them
    (may_ask). One query while the author is in office, once per practice instance."""
    if "_contact" in practice.__dict__:
        return practice.__dict__["_contact"]
    author = contact = practice.author
    in_office = Participation.objects.filter(
        person=author, city_id=practice.city_id, status=ParticipationStatus.ACCEPTED
    )
    if author is not None and not in_office.exists():
        # visible: names who holds a seat now, reads nothing of it; open networks' seats only
        seat = (
            Participation.objects.filter(taken_over_from__person=author, city_id=practice.city_id)
            .exclude(network_id__in=closed_network_ids())
            .select_related("person__profile__city")
            .order_by("-applied_at", "-pk")
            .first()
        )
        for _step in range(SUCCESSIONS_FOLLOWED):
            if seat is None:
                break
            if seat.status == ParticipationStatus.ACCEPTED and seat.person.is_active:
                contact = seat.person
                break
            # visible: the seat's next holder, as above
            seat = (
                Participation.objects.filter(taken_over_from=seat)
                .select_related("person__profile__city")
                .first()
            )
    practice.__dict__["_contact"] = contact
    return contact


def may_ask(viewer, person, *, practice=None) -> bool:
    """A logged-in person may start a conversation with another: the author of a practice
    they read (`practice`), or a person whose card they see, never one of a closed network's
    people unless they see its inside. (Blocks and the daily limit are told, not hidden.)"""
    if not viewer.is_authenticated or not viewer.is_active or person is None:
        return False
    if person.pk == viewer.pk or not person.is_active:
        return False
    if practice is not None:
        contact = practice_contact(practice)
        reachable = contact is not None and contact.pk == person.pk
    else:
        reachable = PartnerCard.objects.visible_to(viewer).filter(user=person).exists()
    return reachable and not closed_to(viewer, person)


def may_write(viewer, conversation, other) -> bool:
    """A side may write in a conversation while they may still ask the other side (the
    closed network's clause, asked again at every message: the other may have joined the
    leaders' network since), or once the other side has written in it: a reply opens the
    conversation both ways."""
    if other is None or not closed_to(viewer, other):
        return True
    return Message.objects.filter(conversation=conversation, author=other).exists()


def may_moderate_messages(user) -> bool:
    """Reported messages go to ZMP's staff: its administrators."""
    return is_zmp_administrator(user)


def sides_q(user) -> Q:
    return Q(starter=user) | Q(recipient=user)
