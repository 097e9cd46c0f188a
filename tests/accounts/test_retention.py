"""Retention by beat: expired sessions (and allauth's record of them) daily, read notifications
after a year, the audit log after AUDIT_RETENTION_DAYS; each deletes exactly what is due, in
batches, and the privacy notice states the periods."""

import datetime as dt
import os
import subprocess
import sys
from importlib import import_module

import pytest
from allauth.usersessions.models import UserSession
from celery.schedules import crontab
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accounts import retention
from accounts import tasks as account_tasks
from accounts.choices import NotificationKind
from accounts.models import Notification
from audit import tasks as audit_tasks
from audit.models import AuditEntry
from audit.retention import audit_log_purge
from empirie.celery import app as celery_app
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)


# Sessions


def session_store():
    return import_module(settings.SESSION_ENGINE).SessionStore


def session(user, *, expires_in):
    """A log-in session of `user` (in the configured engine) expiring `expires_in` from now,
    with allauth's record of where it is used."""
    store = session_store()()
    store["_auth_user_id"] = str(user.pk)
    store.create()
    store.get_model_class().objects.filter(session_key=store.session_key).update(
        expire_date=timezone.now() + expires_in
    )
    UserSession.objects.create(
        user=user, session_key=store.session_key, ip="192.0.2.1", user_agent="Firefox"
    )
    return store.session_key


def stored_sessions():
    return set(session_store().get_model_class().objects.values_list("session_key", flat=True))


def test_expired_sessions_go_with_their_records_and_live_ones_stay():
    person, other = UserFactory(), UserFactory()
    live = {
        session(person, expires_in=dt.timedelta(minutes=1)),
        session(other, expires_in=14 * DAY),
    }
    expired = {session(person, expires_in=-dt.timedelta(minutes=1)) for _ in range(4)}
    expired.add(session(other, expires_in=-30 * DAY))
    # A record whose session is already gone (ended elsewhere).
    UserSession.objects.create(user=other, session_key="x" * 32, ip="192.0.2.2", user_agent="A")

    account_tasks.clear_expired_sessions.apply()

    assert stored_sessions() == live
    assert set(UserSession.objects.values_list("session_key", flat=True)) == live


def test_sessions_are_cleared_in_batches_to_the_last_one():
    person = UserFactory()
    keep = session(person, expires_in=DAY)
    for _ in range(7):
        session(person, expires_in=-DAY)
    assert retention.expired_sessions_clear(batch_size=2) == 7
    assert stored_sessions() == {keep}
    assert list(UserSession.objects.values_list("session_key", flat=True)) == [keep]


def test_a_live_log_in_still_works_after_the_clearing(client):
    person = UserFactory()
    client.force_login(person)
    session(person, expires_in=-DAY)
    retention.expired_sessions_clear()
    assert client.get(reverse("accounts:profile")).status_code == 200


# Notifications


def notification(recipient, *, age, read_after=None):
    created = timezone.now() - age
    return Notification.objects.create(
        recipient=recipient,
        kind=NotificationKind.RESULT_STAGE,
        params={"variant": "published", "title": "Wynik", "summary": "S"},
        created_at=created,
        read_at=created + read_after if read_after is not None else None,
        emailed_at=created,
    )


def test_read_notifications_go_a_year_after_they_were_written():
    person, other = UserFactory(), UserFactory()
    kept = {
        notification(person, age=364 * DAY, read_after=DAY).pk,  # read, not yet a year old
        notification(person, age=800 * DAY).pk,  # old, but never read
        notification(other, age=366 * DAY).pk,  # unread
        notification(other, age=DAY, read_after=dt.timedelta(hours=1)).pk,
    }
    notification(person, age=366 * DAY, read_after=DAY)
    notification(person, age=2 * 365 * DAY, read_after=300 * DAY)
    notification(other, age=400 * DAY, read_after=399 * DAY)  # read only yesterday

    account_tasks.purge_read_notifications.apply()

    assert set(Notification.objects.values_list("pk", flat=True)) == kept


def test_notifications_are_purged_in_batches_and_the_unread_count_stays_right(client):
    person = UserFactory()
    for _ in range(5):
        notification(person, age=400 * DAY, read_after=DAY)
    unread = notification(person, age=400 * DAY)
    assert retention.read_notifications_purge(batch_size=2) == 5
    assert list(Notification.objects.values_list("pk", flat=True)) == [unread.pk]


# The audit log


def audit_entry(age):
    entry = AuditEntry.objects.create(
        actor_label="system", action=AuditEntry.Action.CHANGED, object_type="networks.network",
        object_id="1", object_repr="MIASTO CYFROWE",
    )  # fmt: skip
    AuditEntry.objects.filter(pk=entry.pk).update(at=timezone.now() - age)
    return entry.pk


def test_the_audit_log_is_kept_five_years_unless_set_otherwise():
    assert settings.AUDIT_RETENTION_DAYS == 5 * 365
    kept = {audit_entry(5 * 365 * DAY - DAY), audit_entry(DAY), audit_entry(dt.timedelta(0))}
    audit_entry(5 * 365 * DAY + DAY)
    audit_entry(10 * 365 * DAY)

    audit_tasks.purge_audit_log.apply()

    assert set(AuditEntry.objects.values_list("pk", flat=True)) == kept


def test_the_audit_log_follows_its_setting_in_batches(settings):
    settings.AUDIT_RETENTION_DAYS = 30
    kept = {audit_entry(29 * DAY), audit_entry(30 * DAY - dt.timedelta(minutes=5))}
    for days in range(31, 38):
        audit_entry(days * DAY)
    assert audit_log_purge(batch_size=3) == 7
    assert set(AuditEntry.objects.values_list("pk", flat=True)) == kept


@pytest.mark.parametrize("value", ["abc", "0", "-5", "3.5"])
def test_a_wrong_retention_period_stops_the_start_with_a_clear_error(value):
    env = {**os.environ, "AUDIT_RETENTION_DAYS": value}
    started = subprocess.run(
        [sys.executable, "-c", "import empirie.settings.base"],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert started.returncode != 0
    assert "AUDIT_RETENTION_DAYS must be a whole number of days" in started.stderr


# Beat and the privacy notice


@pytest.mark.parametrize(
    "task",
    [
        account_tasks.clear_expired_sessions,
        account_tasks.purge_read_notifications,
        audit_tasks.purge_audit_log,
    ],
)
def test_each_retention_task_runs_daily_from_beat(task):
    (entry,) = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == task.name]
    assert isinstance(entry["schedule"], crontab)
    assert len(entry["schedule"].hour) == 1 and len(entry["schedule"].minute) == 1
    assert task.name in celery_app.tasks


def test_the_privacy_notice_states_the_periods(client, settings):
    with_defaults = client.get("/en/klauzula-informacyjna/").content.decode()
    assert "a log-in lasts at most 14 days" in with_defaults
    assert "notifications you have read are deleted a year after they were sent" in with_defaults
    assert "is kept for 5 years and then deleted" in with_defaults

    settings.AUDIT_RETENTION_DAYS = 400
    settings.SESSION_COOKIE_AGE = 7 * 24 * 3600
    changed = client.get("/en/klauzula-informacyjna/").content.decode()
    assert "is kept for 400 days and then deleted" in changed
    assert "a log-in lasts at most 7 days" in changed
