"""Invitations: every write locks its row (or the network's, for a paste), checks the rule
again on it and leaves the audit log its entry (audit.track)."""

import dataclasses
import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import models, transaction
from django.db.models.functions import Lower
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts import mail
from accounts.choices import LEADER_FUNCTIONS, LOCAL_GOVERNMENT_FUNCTIONS, NotificationKind
from accounts.models import Profile, User
from accounts.services import email_queue, notify
from networks import rules as network_rules
from networks.choices import LIVE_STATUSES, ParticipationAction, ParticipationStatus, Role
from networks.models import Network, Participation, ParticipationEvent

from .models import Invitation, InvitationState, InvitedRole, token_hash, token_new
from .paste import Invitee

VALID_FOR = dt.timedelta(days=14)
# An invitation nobody accepted names a person who never joined: forgotten this long after it
# ended (expired or withdrawn), as the coordinator has no more use for it.
KEEP_UNACCEPTED = dt.timedelta(days=90)
# The reminder goes once, this long before the link expires.
REMIND_BEFORE = dt.timedelta(days=3)


@dataclasses.dataclass
class Sent:
    invitations: list
    skipped: list  # (e-mail, why), what the paste named and nobody was invited for


def _roles_offered(network) -> list[str]:
    """A closed network has no observers (networks.access)."""
    if network.is_closed:
        return [InvitedRole.MEMBER, InvitedRole.EXPERT]
    return list(InvitedRole.values)


def roles_offered(network):
    return [(value, InvitedRole(value).label) for value in _roles_offered(network)]


def invitations_send(*, network_id: int, by: User, invitees: list[Invitee], role: str) -> Sent:
    """The coordinator invites the people of a paste in one role. Someone who already takes
    part, or holds a pending invitation to the network, is reported rather than invited twice.
    The network's row is locked, so two pastes at once cannot invite one address twice."""
    with transaction.atomic():
        network = Network.objects.select_for_update().get(pk=network_id)
        if not network_rules.is_coordinator(by, network):
            raise PermissionDenied
        if role not in _roles_offered(network):
            raise ValidationError(_("This network has no such role to invite to."))
        emails = [invitee.email for invitee in invitees]
        taking_part = set(
            Participation.objects.filter(network=network, status__in=LIVE_STATUSES)
            .annotate(address=Lower("person__email"))
            .filter(address__in=emails)
            .values_list("address", flat=True)
        )
        invited = set(
            Invitation.objects.filter(network=network, email__in=emails)
            .pending()
            .values_list("email", flat=True)
        )
        now, sent, skipped = timezone.now(), [], []
        for invitee in invitees:
            if invitee.email in taking_part:
                skipped.append((invitee.email, _("already takes part in the network or applied")))
                continue
            if invitee.email in invited:
                skipped.append((invitee.email, _("already has a pending invitation")))
                continue
            token = token_new()
            invitation = Invitation.objects.create(
                network=network,
                email=invitee.email,
                name=invitee.name,
                city=invitee.city,
                function=invitee.function,
                role=role,
                token_hash=token_hash(token),
                invited_by=by,
                created_at=now,
                expires_at=now + VALID_FOR,
            )
            _email(invitation, token, "invitations/email/invited", reminder=False)
            sent.append(invitation)
    return Sent(invitations=sent, skipped=skipped)


def invitation_renew(*, invitation_id: int, by: User) -> Sent:
    """The coordinator invites again a person whose invitation expired or was withdrawn: a
    new invitation with a new link, made as a paste's would be (invitations_send: the network
    locked, the coordinator checked, someone who took part or was invited since reported)."""
    invitation = Invitation.objects.select_related("city").filter(pk=invitation_id).first()
    if invitation is None:
        raise PermissionDenied
    if invitation.state() not in (InvitationState.EXPIRED, InvitationState.REVOKED):
        raise ValidationError(_("Only an expired or withdrawn invitation can be sent again."))
    if invitation.email.endswith(".invalid"):
        # An erased account's address (accounts.personal_data): nobody to write to.
        raise ValidationError(_("The person's account was deleted: there is nobody to invite."))
    invitee = Invitee(
        line=1, email=invitation.email, name=invitation.name, city=invitation.city,
        function=invitation.function,
    )  # fmt: skip
    return invitations_send(
        network_id=invitation.network_id, by=by, invitees=[invitee], role=invitation.role
    )


def _email(invitation, token, template, *, reminder):
    """The invitation's e-mail, in Polish (the invitee has no account to choose a language
    by yet), through the outbox: it leaves once the transaction commits. Transactional: no
    unsubscribe link, as it is about this one invitation."""
    with translation.override(settings.LANGUAGE_CODE):
        link = settings.PORTAL_URL + reverse("invitations:invitation", args=[token])
        context = {
            "invitation": invitation,
            "network": invitation.network,
            "link": link,
            "inviter": invitation.invited_by.public_name if invitation.invited_by else "ZMP",
            "closed": invitation.network.is_closed and invitation.role == Role.MEMBER,
            "portal_url": settings.PORTAL_URL,
        }
        if reminder:
            subject = _("Reminder: your invitation to %(network)s expires soon")
        else:
            subject = _("Invitation to %(network)s")
        subject = " ".join(
            f"{settings.EMAIL_SUBJECT_PREFIX}{subject % {'network': invitation.network.name}}"
            .split()
        )  # fmt: skip
        body = render_to_string(f"{template}.txt", context)
        message = EmailMultiAlternatives(
            subject=subject,
            body=body,
            to=[invitation.email],
            alternatives=[(mail.html_of(subject, body), "text/html")],
            headers=mail.headers(),
        )
    email_queue(message)


def _locked(invitation_id) -> Invitation:
    return (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("network")
        .get(pk=invitation_id)
    )


def why_not_open(invitation, now=None) -> str:
    """Why the link no longer opens the way, or "" while it does."""
    if invitation.revoked_at:
        return _("The coordinator has withdrawn this invitation.")
    if invitation.accepted_at:
        return _("This invitation has already been accepted.")
    if invitation.expires_at <= (now or timezone.now()):
        return _("This invitation has expired.")
    return ""


@transaction.atomic
def invitation_revoke(*, invitation_id: int, by: User) -> Invitation:
    """The coordinator withdraws a pending invitation: its link opens nothing any more."""
    invitation = _locked(invitation_id)
    if not network_rules.is_coordinator(by, invitation.network):
        raise PermissionDenied
    if reason := why_not_open(invitation):
        raise ValidationError(reason)
    invitation.revoked_at = timezone.now()
    invitation.revoked_by = by
    invitation.save(update_fields=["revoked_at", "revoked_by"])
    return invitation


def why_not_for(invitation, person) -> str:
    """Why this account cannot take the invitation, though it is open, or "": a member of the
    leaders' network is a mayor, a city president or their deputy, and its expert is nobody
    of a city office (`person` with its profile).
    Said on the invitation's page before accepting, and by invitation_accept on the locked
    profile."""
    if not invitation.network.is_closed:
        return ""
    function = getattr(getattr(person, "profile", None), "function", "")
    if invitation.role == Role.EXPERT and function in LOCAL_GOVERNMENT_FUNCTIONS:
        # No other staff of a local government sees the leaders' network's inside.
        return _(
            "The leaders' network's experts come from outside local government, and your "
            "profile names a function in a city office, so this invitation cannot make you "
            "its expert. If your profile is wrong, correct it and open the link again."
        )
    if invitation.role == Role.MEMBER and function not in LEADER_FUNCTIONS:
        # Accepted, the participation would wait for a verification nobody is asked for.
        return _(
            "The leaders' network is only for mayors, city presidents and their "
            "deputies, and your profile names another function, so this invitation "
            "cannot make you a member. If your function has changed, correct it in your "
            "profile and open the link again."
        )
    return ""


@transaction.atomic
def invitation_accept(*, invitation_id: int, person: User) -> Invitation:
    """The invitee accepts: their participation is accepted at once in the role they were
    invited to, as the coordinator decided when inviting; in the leaders' network a member
    still waits for their function's verification (networks.rules.acceptance), accepted then
    (participations_confirm). Once: the invitation's row is locked, a second accept finds it
    taken."""
    invitation = _locked(invitation_id)
    if invitation.accepted_at and invitation.accepted_by_id == person.pk:
        return invitation  # the same person's second click: done already
    if reason := why_not_open(invitation):
        raise ValidationError(reason)
    if person.email.lower() != invitation.email:
        raise ValidationError(_("This invitation was sent to another e-mail address."))
    network, now = invitation.network, timezone.now()
    # Held so that a verification withdrawn at this moment wins (as in deciding an application).
    Profile.objects.select_for_update().filter(user=person).first()
    person = User.objects.select_related("profile").get(pk=person.pk)
    if reason := why_not_for(invitation, person):
        raise ValidationError(reason)
    participation = (
        Participation.objects.select_for_update()
        .filter(person=person, network=network, status__in=LIVE_STATUSES)
        .first()
    )
    if participation is None:
        profile = getattr(person, "profile", None)
        participation = Participation.objects.create(
            person=person,
            network=network,
            city=profile.city if profile and invitation.role != Role.EXPERT else None,
            role=invitation.role,
            motivation=_("Invited by the coordinator."),
            applied_at=now,
        )
        _record(participation, ParticipationAction.APPLIED, person, _("Accepted an invitation."))
    if participation.status == ParticipationStatus.APPLIED:
        _accepted_if_allowed(participation, invitation)
    invitation.accepted_at = now
    invitation.accepted_by = person
    invitation.participation = participation
    invitation.save(update_fields=["accepted_at", "accepted_by", "participation"])
    return invitation


def _record(participation, action, actor, reason=""):
    ParticipationEvent.objects.create(
        participation=participation, action=action, actor=actor, reason=reason
    )


def _accepted_if_allowed(participation, invitation) -> bool:
    """Accept the participation as the inviting coordinator's decision, if the network's rule
    lets it be accepted now."""
    if participation.role != invitation.role:
        participation.role = invitation.role
        participation.save(update_fields=["role"])
    if not network_rules.acceptance(participation.person, participation.network, invitation.role):
        return False
    participation.status = ParticipationStatus.ACCEPTED
    participation.decided_by = invitation.invited_by
    participation.decided_at = timezone.now()
    participation.decision_reason = _("Invited by the coordinator.")
    participation.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    _record(participation, ParticipationAction.ACCEPTED, invitation.invited_by, _("Invitation."))
    return True


def participations_confirm(*, person_id: int) -> int:
    """A function just verified: the participations the person entered by an invitation and
    that waited for it are accepted now (called in the verification's transaction)."""
    accepted = 0
    invitations = Invitation.objects.filter(
        accepted_by_id=person_id, participation__status=ParticipationStatus.APPLIED
    ).values_list("pk", flat=True)
    for invitation_id in invitations:
        invitation = _locked(invitation_id)
        participation = (
            Participation.objects.select_for_update(of=("self",))
            .select_related("network", "person__profile")
            .filter(pk=invitation.participation_id, status=ParticipationStatus.APPLIED)
            .first()
        )
        if participation is not None and _accepted_if_allowed(participation, invitation):
            accepted += 1
            # As a coordinator's acceptance of an application tells it: the invitation page
            # promised the person they would be told.
            notify(
                recipient=participation.person,
                kind=NotificationKind.APPLICATION_ACCEPTED,
                params={"network": participation.network.name, "note": ""},
                url=reverse("networks:inside", args=[participation.network.slug]),
            )
    return accepted


def reminders_due(now=None) -> list[int]:
    """Pending invitations whose reminder is due and not yet sent."""
    now = now or timezone.now()
    return list(
        Invitation.objects.pending(now)
        .filter(reminded_at__isnull=True, expires_at__lte=now + REMIND_BEFORE)
        .values_list("pk", flat=True)
    )


@transaction.atomic
def invitation_remind(*, invitation_id: int) -> bool:
    """The one reminder, with a link of its own. Marked sent in the transaction that puts it
    in the outbox, under the row's lock: a task run twice, or beat firing twice, sends one."""
    invitation = _locked(invitation_id)
    now = timezone.now()
    if (
        invitation.reminded_at
        or why_not_open(invitation, now)
        or invitation.expires_at > now + REMIND_BEFORE
    ):
        return False
    token = token_new()
    invitation.reminded_at = now
    invitation.reminder_token_hash = token_hash(token)
    invitation.save(update_fields=["reminded_at", "reminder_token_hash"])
    _email(invitation, token, "invitations/email/reminder", reminder=True)
    return True


def invitations_forget(*, addresses, erased: str) -> int:
    """An erased account's addresses leave the invitations sent to them (RODO): the list keeps
    that someone was invited, not who."""
    addresses = {address.lower() for address in addresses}
    return Invitation.objects.filter(email__in=addresses).update(email=erased, name="", city=None)


def invitations_purge(now=None) -> int:
    """Invitations never accepted, some time after they ended, are deleted (daily, by beat)."""
    ended = (now or timezone.now()) - KEEP_UNACCEPTED
    stale = Invitation.objects.filter(accepted_at__isnull=True).filter(
        models.Q(revoked_at__lt=ended) | models.Q(revoked_at__isnull=True, expires_at__lt=ended)
    )
    deleted = 0
    for invitation in stale.iterator():  # one by one: each deletion is in the audit log
        invitation.delete()
        deleted += 1
    return deleted
