"""Invitations: sent once per address, accepted once, expiring, withdrawn, reminded once; the
leaders' network still waits for the verification of the invitee's function."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import services as account_services
from accounts.choices import Function, FunctionStatus
from accounts.models import Notification, OutgoingEmail
from audit.models import AuditEntry
from invitations import services
from invitations.models import Invitation, token_hash
from invitations.tasks import send_invitation_reminders
from networks.choices import NetworkKind, ParticipationAction, ParticipationStatus, Role
from networks.models import Participation
from tests.concurrency import run_at_once
from tests.factories import ParticipationFactory, ProfileFactory
from tests.invitations.helpers import coordinated, invite, links_to, token_of

pytestmark = pytest.mark.django_db


def test_an_invitation_is_e_mailed_with_a_link_whose_token_is_stored_only_hashed():
    network, coordinator = coordinated()
    sent = invite(network, coordinator, "Anna.Nowak@Bochnia.example.pl; Anna Nowak")
    invitation = sent.invitations[0]
    assert invitation.email == "anna.nowak@bochnia.example.pl"
    assert invitation.expires_at - invitation.created_at == dt.timedelta(days=14)
    [link] = links_to("anna.nowak@bochnia.example.pl")
    token = token_of(link)
    assert len(token) >= 43  # 256 bits in base64
    assert token not in str(Invitation.objects.filter(pk=invitation.pk).values().get())
    assert invitation.token_hash == token_hash(token)
    email = OutgoingEmail.objects.get(to=["anna.nowak@bochnia.example.pl"])
    assert email.subject == "[EMPIRIE] " + _("Invitation to %(network)s") % {
        "network": network.name
    }
    assert email.headers["Auto-Submitted"] == "auto-generated"
    assert "List-Unsubscribe" not in email.headers
    assert any(kind == "text/html" for _html, kind in email.alternatives)
    entry = AuditEntry.objects.get(
        object_type="invitations.invitation", object_id=str(invitation.pk)
    )
    assert entry.changes["email"] == [None, "anna.nowak@bochnia.example.pl"]
    assert "token_hash" not in entry.changes  # the link's hash stays out of the log


def test_someone_already_taking_part_or_invited_is_reported_not_invited_again():
    network, coordinator = coordinated()
    member = ParticipationFactory(network=network).person
    invite(network, coordinator, "nowy@example.pl")
    sent = invite(network, coordinator, f"{member.email.upper()}\nnowy@example.pl\ninny@example.pl")
    assert [i.email for i in sent.invitations] == ["inny@example.pl"]
    assert [email for email, _why in sent.skipped] == [member.email, "nowy@example.pl"]
    assert Invitation.objects.filter(email="nowy@example.pl").count() == 1


def test_only_the_networks_coordinator_invites_and_the_leaders_network_has_no_observers():
    network, _coordinator = coordinated()
    other, other_coordinator = coordinated()
    with pytest.raises(PermissionDenied):
        invite(network, other_coordinator, "x@example.pl")
    leaders, leaders_coordinator = coordinated(kind=NetworkKind.LEADERS)
    with pytest.raises(ValidationError):
        invite(leaders, leaders_coordinator, "x@example.pl", role=Role.OBSERVER)
    assert not Invitation.objects.exists()


def accept(invitation, person):
    return services.invitation_accept(invitation_id=invitation.pk, person=person)


def test_accepting_makes_the_participation_accepted_at_once_and_only_once():
    network, coordinator = coordinated()
    invitation = invite(network, coordinator, "ekspert@example.pl", role=Role.EXPERT).invitations[0]
    person = ProfileFactory(user__email="ekspert@example.pl").user
    accept(invitation, person)
    participation = Participation.objects.get(person=person, network=network)
    assert (participation.role, participation.status) == (Role.EXPERT, ParticipationStatus.ACCEPTED)
    assert participation.decided_by == coordinator
    assert list(participation.events.values_list("action", flat=True)) == [
        ParticipationAction.APPLIED, ParticipationAction.ACCEPTED,
    ]  # fmt: skip
    accept(invitation, person)  # a second click of the same person: nothing more
    assert Participation.objects.filter(person=person, network=network).count() == 1
    someone_else = ProfileFactory(user__email="ekspert2@example.pl").user
    with pytest.raises(ValidationError, match=_("This invitation has already been accepted.")):
        accept(invitation, someone_else)


def test_the_invitation_is_for_its_address_only():
    network, coordinator = coordinated()
    invitation = invite(network, coordinator, "adresat@example.pl").invitations[0]
    with pytest.raises(
        ValidationError, match=_("This invitation was sent to another e-mail address.")
    ):
        accept(invitation, ProfileFactory().user)
    assert not Participation.objects.filter(network=network).exclude(person=coordinator).exists()


def test_an_expired_or_withdrawn_invitation_opens_nothing():
    network, coordinator = coordinated()
    expired, revoked = invite(network, coordinator, "a@example.pl\nb@example.pl").invitations
    Invitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now())
    services.invitation_revoke(invitation_id=revoked.pk, by=coordinator)
    with pytest.raises(ValidationError, match=_("This invitation has expired.")):
        accept(expired, ProfileFactory(user__email="a@example.pl").user)
    with pytest.raises(ValidationError, match=_("The coordinator has withdrawn this invitation.")):
        accept(revoked, ProfileFactory(user__email="b@example.pl").user)
    with pytest.raises(ValidationError):
        services.invitation_revoke(invitation_id=revoked.pk, by=coordinator)  # once
    assert not Participation.objects.filter(network=network, role=Role.MEMBER).exists()
    # An address whose invitation ended may be invited again.
    assert invite(network, coordinator, "a@example.pl\nb@example.pl").invitations


def test_only_the_networks_coordinator_withdraws():
    network, coordinator = coordinated()
    _other, other_coordinator = coordinated()
    invitation = invite(network, coordinator, "a@example.pl").invitations[0]
    with pytest.raises(PermissionDenied):
        services.invitation_revoke(invitation_id=invitation.pk, by=other_coordinator)
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_an_existing_application_is_accepted_by_the_invitation_not_duplicated():
    network, coordinator = coordinated()
    person = ProfileFactory(user__email="kandydat@example.pl").user
    application = ParticipationFactory(
        person=person, network=network, status=ParticipationStatus.APPLIED, decided_at=None
    )
    invitation = invite(network, coordinator, "kandydat2@example.pl").invitations[0]
    Invitation.objects.filter(pk=invitation.pk).update(email="kandydat@example.pl")
    invitation.refresh_from_db()
    accept(invitation, person)
    application.refresh_from_db()
    assert application.status == ParticipationStatus.ACCEPTED
    assert Participation.objects.filter(person=person, network=network).count() == 1


def test_a_leader_invited_to_the_leaders_network_joins_once_their_function_is_verified():
    leaders, coordinator = coordinated(kind=NetworkKind.LEADERS)
    invitation = invite(leaders, coordinator, "burmistrz@example.pl; Jan Nowak;; burmistrz")
    invitation = invitation.invitations[0]
    assert invitation.function == Function.MAYOR
    profile = ProfileFactory(user__email="burmistrz@example.pl", function=Function.MAYOR)
    accept(invitation, profile.user)
    participation = Participation.objects.get(person=profile.user, network=leaders)
    assert participation.status == ParticipationStatus.APPLIED  # not inside before verification
    account_services.function_decide(
        profile_id=profile.pk, by=coordinator, verified=True,
        seen_function=Function.MAYOR, seen_city_id=profile.city_id,
    )  # fmt: skip
    participation.refresh_from_db()
    assert participation.status == ParticipationStatus.ACCEPTED
    assert participation.decided_by == coordinator
    told = Notification.objects.get(recipient=profile.user, kind="application_accepted")
    assert told.params["network"] == leaders.name


def test_a_verified_leader_invited_joins_the_leaders_network_at_once():
    leaders, coordinator = coordinated(kind=NetworkKind.LEADERS)
    invitation = invite(leaders, coordinator, "prezydent@example.pl").invitations[0]
    profile = ProfileFactory(
        user__email="prezydent@example.pl", function=Function.PRESIDENT, verified=True
    )
    assert profile.function_status == FunctionStatus.VERIFIED
    accept(invitation, profile.user)
    assert Participation.objects.get(person=profile.user, network=leaders).status == "accepted"


@pytest.mark.django_db(transaction=True)
def test_two_accepts_of_one_link_at_once_make_one_participation():
    network, coordinator = coordinated()
    invitation = invite(network, coordinator, "dwa@example.pl").invitations[0]
    person = ProfileFactory(user__email="dwa@example.pl").user
    outcomes = run_at_once(lambda: accept(invitation, person), lambda: accept(invitation, person))
    assert all(isinstance(outcome, Invitation) for outcome in outcomes), outcomes
    assert Participation.objects.filter(person=person, network=network).count() == 1
    assert (
        AuditEntry.objects.filter(
            object_type="networks.participation", action=AuditEntry.Action.CREATED
        ).count()
        == 2
    )  # the coordinator's and the invitee's, once


@pytest.mark.django_db(transaction=True)
def test_two_people_racing_for_one_link_one_wins():
    network, coordinator = coordinated()
    invitation = invite(network, coordinator, "wyscig@example.pl").invitations[0]
    first = ProfileFactory(user__email="wyscig@example.pl").user
    # The same address cannot have two accounts; the loser is a withdrawal racing the accept.
    outcomes = run_at_once(
        lambda: accept(invitation, first),
        lambda: services.invitation_revoke(invitation_id=invitation.pk, by=coordinator),
    )
    errors = [outcome for outcome in outcomes if isinstance(outcome, ValidationError)]
    assert len(errors) == 1, outcomes
    invitation.refresh_from_db()
    assert bool(invitation.accepted_at) != bool(invitation.revoked_at)
    joined = Participation.objects.filter(person=first, network=network).exists()
    assert joined == bool(invitation.accepted_at)


def test_one_reminder_three_days_before_expiry_whatever_runs_twice(
    django_capture_on_commit_callbacks,
):
    network, coordinator = coordinated()
    soon, later, done = invite(
        network, coordinator, "soon@example.pl\nlater@example.pl\ndone@example.pl"
    ).invitations
    now = timezone.now()
    Invitation.objects.filter(pk__in=[soon.pk, done.pk]).update(
        expires_at=now + dt.timedelta(days=2, hours=20)
    )
    accept(done, ProfileFactory(user__email="done@example.pl").user)
    assert services.reminders_due() == [soon.pk]
    send_invitation_reminders()
    send_invitation_reminders()  # beat firing twice
    assert services.invitation_remind(invitation_id=soon.pk) is False  # a task run again
    assert services.invitation_remind(invitation_id=later.pk) is False  # not yet due
    assert len(links_to("soon@example.pl")) == 2
    assert len(links_to("later@example.pl")) == 1
    assert len(links_to("done@example.pl")) == 1
    soon.refresh_from_db()
    assert soon.reminded_at is not None
    reminder = OutgoingEmail.objects.filter(to=["soon@example.pl"]).latest("pk")
    assert reminder.subject.startswith(
        "[EMPIRIE] " + _("Reminder: your invitation to %(network)s expires soon")[:8]
    )
    # Both links lead to the one invitation, until it is used.
    first, second = (token_of(link) for link in links_to("soon@example.pl"))
    assert set(Invitation.objects.by_token(first)) == set(Invitation.objects.by_token(second))
    assert Invitation.objects.by_token(second).get() == soon


@pytest.mark.django_db(transaction=True)
def test_two_reminder_runs_at_once_send_one():
    network, coordinator = coordinated()
    invitation = invite(network, coordinator, "raz@example.pl").invitations[0]
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() + dt.timedelta(days=1)
    )
    outcomes = run_at_once(
        lambda: services.invitation_remind(invitation_id=invitation.pk),
        lambda: services.invitation_remind(invitation_id=invitation.pk),
    )
    assert sorted(outcomes) == [False, True]
    assert len(links_to("raz@example.pl")) == 2


def test_an_erased_account_leaves_its_invitations_nameless_and_old_unaccepted_ones_go():
    from accounts.personal_data import account_erase

    network, coordinator = coordinated()
    kept, old = invite(network, coordinator, "ja@example.pl;Ja Ktoś\nstare@example.pl").invitations
    person = ProfileFactory(user__email="ja@example.pl").user
    accept(kept, person)
    account_erase(person=person)
    kept.refresh_from_db()
    assert (kept.email, kept.name) == (f"usuniete-konto-{person.pk}@anonim.invalid", "")
    assert kept.accepted_at  # the list still says someone accepted
    Invitation.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - dt.timedelta(days=120),
        expires_at=timezone.now() - dt.timedelta(days=106),
    )
    assert services.invitations_purge() == 1
    assert list(Invitation.objects.all()) == [kept]


def test_the_invitations_to_a_persons_address_are_in_their_data(client):
    from accounts.personal_data import personal_data

    network, coordinator = coordinated()
    invite(network, coordinator, "moje@example.pl;Maria Moja;;burmistrz\ncudze@example.pl")
    person = ProfileFactory(user__email="moje@example.pl").user
    [mine] = personal_data(person)["invitations"]
    assert (mine["network"], mine["name"], mine["invited_by"]) == (
        network.name, "Maria Moja", coordinator.public_name,
    )  # fmt: skip
    client.force_login(person)
    assert "Maria Moja" in client.get(reverse("accounts:personal_data")).content.decode()
