"""Applications and memberships: every change goes through here and leaves a history entry."""

import time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import CharField, Func, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import NotificationKind
from accounts.models import Profile, User
from accounts.services import notify
from empirie.cache import changed, versions_store
from meetings.services import registrations_end_where_unseen

from . import rules
from .choices import ParticipationAction, ParticipationStatus, Role
from .models import Network, Participation, ParticipationEvent

# A visit to a network's inside is remembered at most once in this time, so that reading its
# pages costs no write each time.
VISIT_WINDOW = 600


def visits_family(person_id) -> str:
    """The cache family of what the person's desk calls new in their networks."""
    return f"visits:{person_id}"


# Visits this process already let through or turned back, until when: a person reading
# their network's pages asks Redis once per window, not on every page.
_visits_decided: dict[tuple[int, int], float] = {}
VISITS_DECIDED_MOST = 20_000


# A visit's time lost in a crash costs nothing, so the page need not wait for the write to
# reach the disk: set in the statement itself (set_config, local to its transaction), one
# round trip rather than BEGIN, SET LOCAL, the UPDATE and COMMIT.
COMMIT_WITHOUT_WAITING = Func(
    Value("synchronous_commit"), Value("off"), Value(True), function="set_config",
    output_field=CharField(),
)  # fmt: skip


def inside_visited(*, person_id: int, network_id: int) -> None:
    """Remembers when the person last opened the network's inside (their desk's "new since
    your last visit"), at most once per VISIT_WINDOW across all processes."""
    visit, now = (person_id, network_id), time.monotonic()
    if _visits_decided.get(visit, 0) > now:
        return
    if len(_visits_decided) >= VISITS_DECIDED_MOST:
        _visits_decided.clear()
    _visits_decided[visit] = now + VISIT_WINDOW
    if not versions_store().add(f"inside-visit:{person_id}:{network_id}", 1, VISIT_WINDOW):
        return
    seen = (
        Participation.objects.filter(
            person_id=person_id, network_id=network_id, status=ParticipationStatus.ACCEPTED
        )
        .alias(commit=COMMIT_WITHOUT_WAITING)
        .filter(commit="off")
        .update(inside_seen_at=timezone.now())
    )
    if seen:
        changed(visits_family(person_id))


def _record(participation, action, actor, reason=""):
    ParticipationEvent.objects.create(
        participation=participation, action=action, actor=actor, reason=reason
    )


def participation_apply(*, person: User, network_id: int, motivation: str) -> Participation:
    """A person applies for their city to a network, as a member or an observer."""
    network = Network.objects.get(pk=network_id)
    decision = rules.can_apply(person, network)
    if not decision:
        raise ValidationError(decision.reason)
    roles = rules.application_roles(person, network)
    if not roles:
        raise ValidationError(_("Your profile does not allow you to apply to this network."))
    try:
        with transaction.atomic():
            participation = Participation.objects.create(
                person=person,
                network=network,
                city=person.profile.city,
                role=roles[0],
                motivation=motivation.strip(),
            )
            _record(participation, ParticipationAction.APPLIED, person)
            params = {
                "network": network.name,
                "person": person.get_full_name(),
                "city": str(participation.city),
                "motivation": participation.motivation,
            }
            for coordinator in network_coordinators(network):
                notify(
                    recipient=coordinator,
                    kind=NotificationKind.APPLICATION_RECEIVED,
                    params=params,
                    url=reverse("networks:applications", args=[network.slug]),
                    network=network,
                )
    except IntegrityError as error:
        # Two clicks at once: the database's one-live-role rule let only the first in.
        raise ValidationError(_("You have already applied to this network.")) from error
    return participation


def network_coordinators(network):
    return User.objects.filter(
        participations__network=network,
        participations__role=Role.COORDINATOR,
        participations__status=ParticipationStatus.ACCEPTED,
        is_active=True,
    ).distinct()


def _locked(participation_id):
    return (
        Participation.objects.select_for_update(of=("self",))
        .select_related("network", "person")
        .get(pk=participation_id)
    )


@transaction.atomic
def participation_decide(
    *, participation_id: int, by: User, accept: bool, reason: str = ""
) -> Participation:
    """The network's coordinator accepts or refuses an application, saying why."""
    participation = _locked(participation_id)
    network = participation.network
    if not rules.is_coordinator(by, network):
        raise PermissionDenied
    if participation.status != ParticipationStatus.APPLIED:
        raise ValidationError(_("This application has already been decided or withdrawn."))
    reason = reason.strip()
    if not accept and not reason:
        raise ValidationError(_("Give the reason for refusing; the applicant will read it."))
    if network.is_closed:
        # Hold the applicant's profile so a verification withdrawn at this moment wins.
        Profile.objects.select_for_update().filter(user=participation.person).first()
        participation.person.refresh_from_db()
    if accept and not (
        decision := rules.acceptance(participation.person, network, participation.role)
    ):
        raise ValidationError(decision.reason)
    participation.status = ParticipationStatus.ACCEPTED if accept else ParticipationStatus.REFUSED
    participation.decided_by = by
    participation.decided_at = timezone.now()
    participation.decision_reason = reason
    participation.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    _record(
        participation,
        ParticipationAction.ACCEPTED if accept else ParticipationAction.REFUSED,
        by,
        reason,
    )
    if accept:
        notify(
            recipient=participation.person,
            kind=NotificationKind.APPLICATION_ACCEPTED,
            params={"network": network.name, "note": reason},
            url=reverse("networks:inside", args=[network.slug])
            if participation.role != Role.OBSERVER
            else reverse("networks:detail", args=[network.slug]),
        )
    else:
        notify(
            recipient=participation.person,
            kind=NotificationKind.APPLICATION_REFUSED,
            params={"network": network.name, "reason": reason},
            url=reverse("networks:my_participations"),
        )
    return participation


@transaction.atomic
def participation_end(*, participation_id: int, by: User) -> Participation:
    """The person withdraws their application, or leaves the network they belong to."""
    participation = _locked(participation_id)
    if participation.person_id != by.pk:
        raise PermissionDenied
    if participation.status not in (ParticipationStatus.APPLIED, ParticipationStatus.ACCEPTED):
        raise ValidationError(_("This participation has already ended."))
    if not (decision := rules.can_leave(participation)):
        raise ValidationError(decision.reason)
    action = (
        ParticipationAction.WITHDRAWN
        if participation.status == ParticipationStatus.APPLIED
        else ParticipationAction.LEFT
    )
    _leave(participation, action, by)
    return participation


def _leave(participation, action, by, reason=""):
    """The participation (locked) ends: its history says why; registrations the person can
    no longer see end with it."""
    participation.status = ParticipationStatus.LEFT
    participation.left_at = timezone.now()
    participation.save(update_fields=["status", "left_at"])
    _record(participation, action, by, reason)
    registrations_end_where_unseen(person_id=participation.person_id)
