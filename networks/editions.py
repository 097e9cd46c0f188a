"""A network's editions: closing one archives its work, opening the next asks the members to
confirm they continue; those who do not within CONTINUATION_DAYS leave. Every write of a
meeting, a result, a thread, a post or a comment asks here whether its edition still takes one."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import NotificationKind
from accounts.models import User
from accounts.rules import verified_leader_q
from accounts.selectors import person_family
from accounts.services import notify
from empirie.cache import changed_now_and_on_commit
from empirie.sanitise import visible
from meetings.models import Meeting

from . import rules
from .choices import ParticipationAction, ParticipationStatus, Role
from .models import Continuation, Edition, Network, Participation

CONTINUATION_DAYS = 30


def edition_first(network) -> Edition:
    """A new network's first edition, named after the current year."""
    today = timezone.localdate()
    edition, _made = Edition.objects.get_or_create(
        network=network, number=1, defaults={"name": str(today.year), "starts_on": today}
    )
    return edition


def open_edition(network) -> Edition | None:
    return Edition.objects.open().filter(network=network).first()


def read_only_reason(edition) -> str:
    if edition is None:
        return _(
            "This network's edition has been closed and the next one has not opened yet: "
            "its work is archived and read-only until the coordinator opens the next edition."
        )
    return _(
        "The edition %(edition)s is closed: its meetings, results and discussions are an "
        "archive, kept to be read, and nothing new is added to them."
    ) % {"edition": edition.name}


def edition_for_new_work(network_id: int) -> Edition:
    """The network's open edition, where a new meeting, result or thread goes; held until the
    writer's transaction ends, so that closing it waits for the writing (or the writing sees
    it closed). ValidationError, saying why, when the network has none open."""
    edition = _lock_shared(network_id=network_id)
    if edition is None:
        raise ValidationError(read_only_reason(None))
    return edition


def _lock_shared(*, network_id=None, edition_id=None) -> Edition | None:
    """The open edition (of the network, or with this id), locked FOR SHARE: closing it
    (FOR UPDATE) waits for the writers, and a writer after the closing finds it closed."""
    if edition_id is not None:
        sql = "SELECT * FROM networks_edition WHERE id = %s AND closed_at IS NULL FOR SHARE"
        params = [edition_id]
    else:
        sql = "SELECT * FROM networks_edition WHERE network_id = %s AND closed_at IS NULL FOR SHARE"
        params = [network_id]
    rows = list(Edition.objects.raw(sql, params))
    return rows[0] if rows else None


def check_edition_writable(edition_id: int | None) -> None:
    """A post in a thread, a comment on a result, a change to a meeting: refused when its
    edition is closed (re-read under a shared lock, in the writer's transaction)."""
    if edition_id is None:
        return
    if _lock_shared(edition_id=edition_id) is None:
        raise ValidationError(read_only_reason(Edition.objects.filter(pk=edition_id).first()))


@transaction.atomic
def edition_close(*, edition_id: int, by: User) -> Edition:
    """The coordinator or an administrator closes the edition: its work becomes an archive."""
    edition = (
        Edition.objects.select_for_update(of=("self",)).select_related("network")
        .filter(pk=edition_id).first()
    )  # fmt: skip
    if edition is None or not rules.can_manage_editions(by, edition.network):
        raise PermissionDenied
    if edition.is_closed:
        raise ValidationError(_("This edition is already closed."))
    refusal = rules.can_close_edition(edition, today=timezone.localdate())
    if not refusal:
        raise ValidationError(refusal.reason)
    edition.closed_at = timezone.now()
    edition.closed_by = by
    edition.ends_on = timezone.localdate()
    edition.save(update_fields=["closed_at", "closed_by", "ends_on"])
    # Its unanswered requests to continue are settled: nobody is asked about, or ends for
    # not answering, an edition that is over (the next edition asks again).
    unanswered = Continuation.objects.filter(
        edition=edition, confirmed_at__isnull=True, ended_at__isnull=True,
        cancelled_at__isnull=True,
    )  # fmt: skip
    asked = list(unanswered.values_list("participation__person_id", flat=True))
    unanswered.update(cancelled_at=edition.closed_at)
    for person_id in asked:  # their desks no longer ask them
        changed_now_and_on_commit(person_family(person_id))
    return edition


DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"))


def name_key(name: str) -> str:
    """An edition's name as it reads: without case, spaces, or which dash ("2022–2027",
    "2022 - 2027" and "2022-2027" are one)."""
    return "".join(name.translate(DASHES).casefold().split())


@transaction.atomic
def edition_open(*, network_id: int, by: User, name: str, starts_on: dt.date) -> Edition:
    """The next edition opens; the network's members are asked to confirm they continue."""
    network = Network.objects.select_for_update().filter(pk=network_id).first()
    if network is None or not rules.can_manage_editions(by, network):
        raise PermissionDenied
    name = " ".join(visible(name).split())
    if not name:
        raise ValidationError({"name": _("Name the edition, e.g. 2025–2027.")})
    if Edition.objects.open().filter(network=network).exists():
        raise ValidationError(_("Close the current edition before opening the next one."))
    # The archive and the date checks name editions: two that read alike would read as one.
    taken = Edition.objects.filter(network=network).values_list("name", flat=True)
    if name_key(name) in {name_key(other) for other in taken}:
        raise ValidationError(
            {"name": _("The network already has an edition of this name: give this one its years.")}
        )
    start = rules.edition_start(network, starts_on, today=timezone.localdate())
    if not start:
        raise ValidationError({"starts_on": start.reason})
    last = Edition.objects.filter(network=network).aggregate(last=Max("number"))["last"] or 0
    try:
        with transaction.atomic():
            edition = Edition.objects.create(
                network=network, number=last + 1, name=name[:60], starts_on=starts_on
            )
    except IntegrityError as error:
        raise ValidationError(
            _("Close the current edition before opening the next one.")
        ) from error
    # The meetings still to come, kept in the closed edition (taking no registrations), take
    # place in this one: they take registrations again.
    moved = Meeting.objects.filter(
        network=network, edition__closed_at__isnull=False, cancelled_at__isnull=True,
        ends_at__gte=timezone.now(),
    ).update(edition=edition)  # fmt: skip
    if moved:
        changed_now_and_on_commit("meetings")
    asked_at = timezone.now()
    until = timezone.localdate(asked_at + dt.timedelta(days=CONTINUATION_DAYS))
    members = Participation.objects.filter(
        network=network, role=Role.MEMBER, status=ParticipationStatus.ACCEPTED
    ).select_related("person")
    if network.is_closed:
        # Only those who see the leaders' network are asked (they can read and answer the
        # request); a member awaiting the verification of their function carries over as is.
        members = members.filter(verified_leader_q("person__profile__"))
    for participation in members:
        continuation = Continuation.objects.create(
            edition=edition, participation=participation, asked_at=asked_at
        )
        notify(
            recipient=participation.person,
            kind=NotificationKind.EDITION_CONTINUE,
            params={"network": network.name, "edition": edition.name, "until": until.isoformat()},
            url=reverse("networks:continue", args=[continuation.pk]),
            network=network,
        )
    return edition


@transaction.atomic
def continuation_confirm(*, continuation_id: int, person: User) -> Continuation:
    """The member confirms they continue in the new edition."""
    continuation = (
        Continuation.objects.select_for_update(of=("self",))
        .select_related("participation", "edition")
        .filter(pk=continuation_id, participation__person=person)
        .first()
    )
    if continuation is None:
        raise PermissionDenied
    if continuation.confirmed_at is not None:
        return continuation
    if continuation.is_settled:
        raise ValidationError(
            _("This request is no longer needed: the edition %(edition)s is over.")
            % {"edition": continuation.edition.name}
        )
    if continuation.ended_at is not None or (
        continuation.participation.status != ParticipationStatus.ACCEPTED
    ):
        raise ValidationError(
            _("Your membership has already ended; apply again to take part in the network.")
        )
    continuation.confirmed_at = timezone.now()
    continuation.save(update_fields=["confirmed_at"])
    return continuation


@transaction.atomic
def continuation_decline(*, continuation_id: int, person: User) -> Continuation:
    """The member says they do not continue: they leave the network at once, with the reason
    "did not continue", as those who do not answer leave after CONTINUATION_DAYS (the same
    locks, in the same order, as continuation_end)."""
    from .services import _leave  # the participations' own way of ending, with its history

    continuation = (
        Continuation.objects.select_for_update(of=("self",))
        .select_related("edition")
        .filter(pk=continuation_id, participation__person=person)
        .first()
    )
    if continuation is None:
        raise PermissionDenied
    if continuation.ended_at is not None:
        return continuation  # said already (a second click)
    if continuation.cancelled_at is not None or _lock_shared(
        edition_id=continuation.edition_id
    ) is None:  # fmt: skip
        raise ValidationError(
            _("This request is no longer needed: the edition %(edition)s is over.")
            % {"edition": continuation.edition.name}
        )
    if continuation.confirmed_at is not None:
        raise ValidationError(
            _("You have confirmed you continue; to leave the network now, end your "
              "participation in My networks.")
        )  # fmt: skip
    participation = (
        Participation.objects.select_for_update(of=("self",))
        .filter(pk=continuation.participation_id).first()
    )  # fmt: skip
    if participation is None or participation.status != ParticipationStatus.ACCEPTED:
        raise ValidationError(
            _("Your membership has already ended; apply again to take part in the network.")
        )
    continuation.ended_at = timezone.now()
    continuation.save(update_fields=["ended_at"])
    _leave(participation, ParticipationAction.DID_NOT_CONTINUE, person)
    return continuation


def continuations_due(now=None) -> list[int]:
    """The members asked more than CONTINUATION_DAYS ago who have not answered."""
    now = now or timezone.now()
    return list(
        Continuation.objects.filter(
            confirmed_at__isnull=True,
            ended_at__isnull=True,
            cancelled_at__isnull=True,
            edition__closed_at__isnull=True,  # only the current edition's request counts
            asked_at__lte=now - dt.timedelta(days=CONTINUATION_DAYS),
        ).values_list("pk", flat=True)
    )


def continuation_end(*, continuation_id: int, now=None) -> bool:
    """The member who did not confirm leaves, with the reason "did not continue": once, however
    often the task runs (the continuation and the participation are locked and re-read)."""
    from .services import _leave  # the participations' own way of ending, with its history

    now = now or timezone.now()
    with transaction.atomic():
        continuation = (
            Continuation.objects.select_for_update(of=("self",))
            .select_related("edition__network")
            .filter(
                pk=continuation_id, confirmed_at__isnull=True, ended_at__isnull=True,
                cancelled_at__isnull=True, asked_at__lte=now - dt.timedelta(days=CONTINUATION_DAYS),
            )
            .first()
        )  # fmt: skip
        if continuation is None:
            return False
        # Re-read under the locks: the edition may have closed since (FOR SHARE: closing
        # waits), the person may no longer see the request (a leader's function unverified).
        edition = _lock_shared(edition_id=continuation.edition_id)
        participation = (
            Participation.objects.select_for_update(of=("self",)).select_related("person")
            .filter(pk=continuation.participation_id).first()
        )  # fmt: skip
        network = continuation.edition.network
        if edition is None or (
            participation is not None and not rules.can_answer_continuation(
                participation.person, network
            )
        ):  # fmt: skip
            continuation.cancelled_at = now
            continuation.save(update_fields=["cancelled_at"])
            return False
        continuation.ended_at = now
        continuation.save(update_fields=["ended_at"])
        if participation is None or participation.status != ParticipationStatus.ACCEPTED:
            return False
        _leave(participation, ParticipationAction.DID_NOT_CONTINUE, None)
        notify(
            recipient=participation.person,
            kind=NotificationKind.EDITION_LAPSED,
            params={"network": network.name, "edition": continuation.edition.name},
            url=reverse("networks:detail", args=[network.slug]),
        )
        return True


def continuation_current(participation_id: int) -> Continuation | None:
    """The participation's request to continue in its network's open edition, if any."""
    return (
        Continuation.objects.filter(participation_id=participation_id, edition__closed_at=None)
        .select_related("edition").first()
    )  # fmt: skip


def continuations_end_due(now=None) -> int:
    return sum(continuation_end(continuation_id=pk, now=now) for pk in continuations_due(now))
