"""Faults that lose nothing, with the real services: Redis stopped while people work, a Celery
worker killed in the middle of a task. (PostgreSQL restarted under load: test_database_restart.)

Each test runs a Redis server and Celery worker processes of its own (tests/faults.py), on the
test database, so breaking them disturbs nobody else."""

import datetime as dt
import os
import shutil
from collections import Counter

import pytest
from django.urls import reverse

from accounts import services as account_services
from accounts.choices import EmailMode, NotificationKind
from accounts.models import Notification, OutgoingEmail
from accounts.tasks import send_digests
from meetings.choices import MeetingFormat
from meetings.models import Meeting
from networks.choices import Role
from results import services as result_services
from results.models import Comment
from tests.factories import NetworkFactory, ParticipationFactory, ProfileFactory
from tests.faults import RedisServer, Worker, queue_on, sent_messages, wait_for

pytestmark = [
    pytest.mark.skipif(
        not (os.environ.get("DATABASE_URL") and shutil.which("redis-server")),
        reason="needs PostgreSQL in DATABASE_URL and redis-server (as in .ci/run)",
    ),
    pytest.mark.django_db(transaction=True),  # the worker processes read what the test wrote
]


def person_in(network, role=Role.MEMBER, email_mode=EmailMode.IMMEDIATE):
    profile = ProfileFactory(email_mode=email_mode)
    ParticipationFactory(network=network, person=profile.user, city=profile.city, role=role)
    return profile.user


@pytest.fixture
def redis(settings):
    """A Redis of the test's own, as the portal's caches (both go with it) and Celery's
    broker."""
    server = RedisServer().start()
    redis_cache = {
        "BACKEND": "empirie.redis_cache.ForgivingRedisCache",
        "LOCATION": server.url,
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
    }
    settings.CACHES = {"default": redis_cache, "pages": {**redis_cache, "KEY_PREFIX": "pages"}}
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    with queue_on(server.url):
        yield server
    if server.answers():
        server.stop()


@pytest.fixture
def workers():
    started = []
    yield started
    for worker in started:
        worker.stop()


def test_redis_stopped_while_people_work_loses_no_write_and_no_email(
    client, redis, workers, tmp_path
):
    network = NetworkFactory(name="MIASTO CYFROWE")
    coordinator = person_in(network, Role.COORDINATOR)
    members = [person_in(network) for _ in range(3)]
    observer = person_in(network, Role.OBSERVER)
    result = result_services.result_draft(
        by=coordinator, network_id=network.pk, kind="recommendation", title="Rekomendacje",
        summary="Skrót", body="<p>Tekst</p>",
    )  # fmt: skip
    result = result_services.stage_change(result_id=result.pk, by=coordinator, to_stage="observers")
    # Redis goes down, and with it the tasks queued so far (it keeps nothing on disk).
    redis.stop()
    Notification.objects.update(emailed_at=None)

    client.force_login(coordinator)
    response = client.post(
        reverse("meetings:schedule", args=[network.slug]),
        {"topic": "Cyfrowy urząd", "starts_at": "2027-03-10T10:00", "ends_at": "2027-03-10T15:00",
         "format": MeetingFormat.ONLINE, "online_url": "https://spotkanie.example.org/1",
         "venue_address": "", "capacity": "", "registration_deadline": "", "agenda": ""},
    )  # fmt: skip
    assert response.status_code == 302
    assert "Spotkanie zostało zaplanowane." in client.get(response["Location"]).content.decode()
    client.force_login(observer)
    response = client.post(reverse("results:detail", args=[result.pk]), {"body": "Popieramy."})
    assert response.status_code == 302
    client.logout()
    response = client.post(reverse("account_reset_password"), {"email": members[0].email})
    assert response.status_code == 302

    # Every write is saved; every e-mail waits in PostgreSQL.
    assert Meeting.objects.filter(topic="Cyfrowy urząd").exists()
    assert Comment.objects.filter(body="Popieramy.").exists()
    due = list(
        Notification.objects.filter(emailed_at=None).values_list("recipient__email", flat=True)
    )
    outbox = list(OutgoingEmail.objects.filter(sent_at=None).values_list("to", flat=True))
    assert len(due) >= 3 + len(members) and outbox == [[members[0].email]]
    mail = tmp_path / "mail"
    assert sent_messages(mail) == []

    # Redis is back; the worker starts and the sweeper hands over what was left.
    redis.start()
    workers.append(Worker(redis.url, mail).start())
    assert account_services.relay_unsent(dt.timedelta(0)) == len(due) + len(outbox)
    expected = Counter(due) + Counter(address for to in outbox for address in to)
    wait_for(lambda: len(sent_messages(mail)) == sum(expected.values()), 60, "every e-mail")
    # A message is written before its row is marked sent, in the worker's own transaction.
    wait_for(
        lambda: (
            not Notification.objects.filter(emailed_at=None).exists()
            and not OutgoingEmail.objects.filter(sent_at=None).exists()
        ),
        30,
        "every e-mail to be marked sent",
    )
    # None twice: a second sweep finds nothing, and each recipient got what was theirs.
    assert account_services.relay_unsent(dt.timedelta(0)) == 0
    assert Counter(sent_messages(mail)) == expected


def test_a_worker_killed_in_the_middle_of_a_task_leaves_it_done_once(redis, workers, tmp_path):
    network = NetworkFactory()
    people = [person_in(network, email_mode=EmailMode.DIGEST) for _ in range(12)]
    for person in people:
        account_services.notify(
            recipient=person,
            kind=NotificationKind.MEETING_CHANGED,
            params={"topic": "Zmiana terminu"},
        )
    mail = tmp_path / "mail"
    # A task left by a dead worker is visible again after 3 s, and looked for every second.
    slow = {"SLOW_MAIL_SECONDS": "0.4", "CELERY_VISIBILITY_TIMEOUT": "3",
            "CELERY_UNACKED_RESTORE_INTERVAL": "1", "CELERY_UNACKED_RESTORE_THROTTLE": "1"}  # fmt: skip
    first = Worker(redis.url, mail, **slow).start()
    workers.append(first)
    send_digests.delay([person.pk for person in people])  # one task for all twelve
    wait_for(lambda: len(sent_messages(mail)) >= 3, 60, "the task to be under way")
    first.kill()
    done_before = len(sent_messages(mail))
    assert done_before < len(people)

    # Another worker gets the task back (it was never acknowledged) and finishes it.
    workers.append(Worker(redis.url, mail, **slow).start())
    # Everyone's, not as many messages as people: the one in flight may have gone twice.
    everyone = {person.email for person in people}
    wait_for(lambda: everyone <= set(sent_messages(mail)), 90, "the task to run again")
    sent = sent_messages(mail)
    assert set(sent) == everyone
    # A mail server takes no part in a transaction: the one message handed over in the
    # instant the worker died, before its row said so, may go twice (CI saw it once); every
    # other is sent once.
    assert len(sent) - len(set(sent)) <= 1, sorted(sent)
    wait_for(
        lambda: not Notification.objects.filter(emailed_at=None).exists(), 30, "digests marked sent"
    )
