"""The audit log: who changed which membership, function verification, meeting, result,
moderation and practice, when and from where; read only, for administrators; kept when the
object is gone."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Function
from audit.context import Actor, current
from audit.models import AuditEntry
from meetings import services as meeting_services
from meetings.choices import MeetingFormat
from networks import services as network_services
from networks.choices import ParticipationStatus, Role
from practices import services as practice_services
from practices.choices import PracticeStatus
from practices.models import Category
from results import services as result_services
from tests.factories import NetworkFactory, ParticipationFactory, ProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


def entries(instance):
    return AuditEntry.objects.filter(
        object_type=instance._meta.label_lower, object_id=str(instance.pk)
    ).order_by("pk")


@pytest.fixture
def network():
    return NetworkFactory()


@pytest.fixture
def coordinator(network):
    return ParticipationFactory(network=network, role=Role.COORDINATOR, city=None).person


@pytest.fixture
def acting(coordinator):
    """Services called as in a request of the coordinator's, from a known address."""
    token = current.set(Actor(user=coordinator, ip="192.0.2.7"))
    yield coordinator
    current.reset(token)


def test_a_membership_decision_records_who_when_and_from_where(client, network, coordinator):
    applicant = ProfileFactory().user
    participation = network_services.participation_apply(
        person=applicant, network_id=network.pk, motivation="Chcemy się uczyć od innych miast."
    )
    client.force_login(coordinator)
    response = client.post(
        reverse("networks:decide", args=[participation.pk]),
        {"decision": "accept", "reason": ""},
        REMOTE_ADDR="203.0.113.9",
    )
    assert response.status_code == 302
    entry = entries(participation).filter(action=AuditEntry.Action.CHANGED).get()
    assert entry.actor == coordinator and entry.actor_label == coordinator.email
    assert entry.ip == "203.0.113.9"
    assert entry.changes["status"] == [ParticipationStatus.APPLIED, ParticipationStatus.ACCEPTED]
    assert timezone.now() - entry.at < dt.timedelta(minutes=1)


def test_a_function_verification_is_logged(client, coordinator):
    profile = ProfileFactory(function=Function.DEPUTY_MAYOR)
    client.force_login(coordinator)
    client.post(
        reverse("accounts:function_decide", args=[profile.pk]),
        {"decision": "verify", "seen_function": profile.function, "seen_city": profile.city_id},
    )
    entry = entries(profile).filter(action=AuditEntry.Action.CHANGED).get()
    assert entry.actor == coordinator
    assert entry.changes["function_status"][1] == "verified"


def test_meetings_results_moderation_and_practices_are_logged(network, acting):
    starts_at = timezone.now() + dt.timedelta(days=30)
    meeting = meeting_services.meeting_schedule(
        network_id=network.pk, by=acting, topic="Forum", description="", starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=2), format=MeetingFormat.ONLINE, host_city=None,
        venue_address="", online_url="https://spotkanie.example.org/", capacity=None,
        registration_deadline=None,
    )  # fmt: skip
    meeting_services.meeting_cancel(meeting_id=meeting.pk, by=acting, reason="Choroba prelegenta")
    assert [e.action for e in entries(meeting)][:1] == ["created"]
    assert entries(meeting).filter(changes__has_key="cancelled_at").exists()

    observer = ParticipationFactory(network=network, role=Role.OBSERVER).person
    result = result_services.result_draft(
        by=acting, network_id=network.pk, kind="recommendation", title="Wnioski", summary="Skrót",
        body="<p>Tekst</p>",
    )  # fmt: skip
    result = result_services.stage_change(result_id=result.pk, by=acting, to_stage="observers")
    assert entries(result).filter(changes__stage=["draft", "observers"]).exists()
    comment = result_services.comment_add(result_id=result.pk, by=observer, body="Uwaga")
    result_services.comment_hide(comment_id=comment.pk, by=acting, reason="Poza tematem")
    hidden = entries(comment).filter(action="changed").get()
    assert hidden.actor == acting and "hidden_at" in hidden.changes
    assert AuditEntry.objects.filter(object_type="results.moderation", actor=acting).exists()

    category = Category.objects.create(name="Transport", slug="transport")
    practice = practice_services.practice_save(
        by=ProfileFactory().user, title="Rower miejski", category=category, summary="Skrót", presentation="",
        networks=(),
    )  # fmt: skip
    practice.status = PracticeStatus.PUBLISHED
    practice.save()
    assert entries(practice).filter(changes__status=["draft", "published"]).exists()
    assert all(e.ip == "192.0.2.7" for e in AuditEntry.objects.filter(actor=acting))


def test_the_log_outlives_the_object_and_its_author(network, acting):
    participation = ParticipationFactory(network=network)
    label, pk = str(participation), participation.pk
    participation.delete()
    gone = AuditEntry.objects.get(object_type="networks.participation", object_id=str(pk),
                                  action="deleted")  # fmt: skip
    assert gone.object_repr == label[:200] and gone.actor == acting


def test_long_texts_are_logged_by_their_length(network, acting):
    result = result_services.result_draft(
        by=acting, network_id=network.pk, kind="recommendation", title="Wnioski", summary="Skrót",
        body="<p>" + "Długi tekst. " * 100 + "</p>",
    )  # fmt: skip
    created = entries(result).get()
    assert (
        created.changes["body"][1].startswith("… (") and "characters" in created.changes["body"][1]
    )


def test_only_administrators_read_the_log_and_nobody_edits_it(client, coordinator):
    ProfileFactory()  # something to log
    url = reverse("admin:audit_auditentry_changelist")
    client.force_login(coordinator)
    assert client.get(url).status_code == 302  # to the admin's log-in: not staff
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    assert client.get(url).status_code == 200
    entry = AuditEntry.objects.first()
    assert client.get(reverse("admin:audit_auditentry_add")).status_code == 403
    assert client.post(reverse("admin:audit_auditentry_delete", args=[entry.pk]),
                       {"post": "yes"}).status_code == 403  # fmt: skip
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
