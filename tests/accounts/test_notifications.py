"""Notifications: in the portal at once; by e-mail immediately, in a daily digest, or never,
and each e-mailed exactly once however often the task runs."""

import time

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse

from accounts import services, tasks
from accounts.choices import EmailMode, NotificationKind
from accounts.models import Notification
from tests.conftest import wait_for
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db


def notify(person, network="Sieć e-usług"):
    """An application accepted: its network's name stands out in the wording."""
    return services.notify(
        recipient=person,
        kind=NotificationKind.APPLICATION_ACCEPTED,
        params={"network": network},
        url="/",
    )


@pytest.mark.django_db(transaction=True)
def test_immediate_e_mail_goes_after_commit_and_only_once(celery_worker):
    """Transactional: the worker reads the notification over its own connection."""
    person = ProfileFactory().user
    with transaction.atomic():
        notification = notify(person)
        time.sleep(0.2)
        assert not mail.outbox  # nothing leaves before the commit
    assert wait_for(lambda: len(mail.outbox) == 1)
    # A retried or duplicated task finds the notification sent and sends nothing.
    assert services.notification_email_deliver(notification.pk) is False
    tasks.deliver_notification_email.apply(args=[notification.pk])
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.emailed_at is not None
    assert (
        "Witamy w sieci Sieć e-usług: Twoje zgłoszenie zostało przyjęte" in mail.outbox[0].subject
    )
    assert "http://" in mail.outbox[0].body


@pytest.mark.django_db(transaction=True)
def test_digest_people_get_one_e_mail_a_day_with_everything(celery_worker):
    person = ProfileFactory(email_mode=EmailMode.DIGEST).user
    other = ProfileFactory(email_mode=EmailMode.DIGEST).user
    notify(person, "Pierwsze")
    notify(person, "Drugie")
    notify(other, "Trzecie")
    assert not mail.outbox  # digest people get no immediate e-mail

    tasks.send_daily_digests.apply()
    assert wait_for(lambda: len(mail.outbox) == 2)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([person.email, other.email])
    digest = next(m for m in mail.outbox if m.to == [person.email])
    assert "Pierwsze" in digest.body and "Drugie" in digest.body and "Trzecie" not in digest.body
    assert "2 nowe powiadomienia" in digest.subject

    # Beat firing twice finds nobody due (once the worker's transaction, which hands the mail
    # over before it commits, is done), and a repeated digest task sends nothing.
    assert wait_for(lambda: list(services.digest_recipients()) == [])
    assert services.digest_send(person.pk) == 0
    assert len(mail.outbox) == 2


def test_no_e_mail_for_those_who_chose_none(django_capture_on_commit_callbacks):
    person = ProfileFactory(email_mode=EmailMode.NONE).user
    with django_capture_on_commit_callbacks(execute=True):
        notify(person)
    tasks.send_daily_digests.apply()
    assert not mail.outbox
    assert Notification.objects.filter(recipient=person).count() == 1


def test_the_notification_list_shows_and_marks_read(
    uncached_fragments, client, django_assert_max_num_queries
):
    person = ProfileFactory().user
    notify(person, "Ważna wiadomość")
    client.force_login(person)
    page = client.get(reverse("accounts:notifications")).content.decode()
    assert "Ważna wiadomość" in page
    assert 'class="badge badge--count"' in page
    client.post(reverse("accounts:notifications_read"))
    assert not Notification.objects.filter(recipient=person, read_at=None).exists()

    with django_assert_max_num_queries(12) as few:
        client.get(reverse("accounts:notifications"))
    for number in range(15):
        notify(person, f"Wiadomość {number}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("accounts:notifications"))


def test_profile_page_changes_the_e_mail_mode(client):
    profile = ProfileFactory()
    client.force_login(profile.user)
    client.post(
        reverse("accounts:profile"),
        {"city": profile.city.pk, "function": profile.function, "email_mode": EmailMode.DIGEST},
    )
    profile.refresh_from_db()
    assert profile.email_mode == EmailMode.DIGEST


@pytest.mark.django_db(transaction=True)
def test_the_sweeper_sends_what_a_dead_broker_left_unsent(celery_worker):
    import datetime as dt

    from django.utils import timezone

    person = ProfileFactory().user
    notification = Notification.objects.create(
        recipient=person, kind=NotificationKind.APPLICATION_ACCEPTED, params={"network": "Zaległe"}
    )
    Notification.objects.filter(pk=notification.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=30)
    )
    tasks.send_unsent_notifications.apply()
    assert wait_for(lambda: len(mail.outbox) == 1)
    tasks.send_unsent_notifications.apply()
    assert list(services.unsent_immediate_notifications(dt.timedelta(minutes=5))) == []
    assert len(mail.outbox) == 1


def test_the_unread_count_is_cached_for_the_person_and_follows_every_change(
    client, django_capture_on_commit_callbacks, django_assert_num_queries
):
    from accounts.selectors import unread_count
    from networks.choices import ParticipationStatus
    from tests.factories import NetworkFactory, ParticipationFactory

    person, other = ProfileFactory().user, ProfileFactory().user
    network = NetworkFactory()
    with django_capture_on_commit_callbacks(execute=True):
        membership = ParticipationFactory(network=network, person=person)
        notify(person, "Pierwsze")
        services.notify(recipient=person, kind=NotificationKind.MEETING_CHANGED,
                        params={"topic": "Z sieci"}, network=network)  # fmt: skip
    assert unread_count(person) == 2
    with django_assert_num_queries(0):
        assert unread_count(person) == 2  # from the cache
    assert unread_count(other) == 0  # never another person's number
    with django_capture_on_commit_callbacks(execute=True):
        membership.status, membership.left_at = ParticipationStatus.LEFT, membership.decided_at
        membership.save()
    assert unread_count(person) == 1  # the network's news is no longer theirs
    with django_capture_on_commit_callbacks(execute=True):
        notify(person, "Drugie")
    assert unread_count(person) == 2
    client.force_login(person)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:notifications_read"))
    assert unread_count(person) == 0


@pytest.mark.django_db(transaction=True)
def test_choosing_e_mails_later_sends_nothing_from_the_time_of_none(celery_worker):
    """What came while the person wanted no e-mails is settled at once: neither the digest
    nor the sweeper sends it after they choose e-mails again."""
    import datetime as dt

    from django.utils import timezone

    profile = ProfileFactory(email_mode=EmailMode.NONE)
    person = profile.user
    notify(person, "Stare pierwsze")
    notify(person, "Stare drugie")
    assert not Notification.objects.filter(recipient=person, emailed_at__isnull=True).exists()
    Notification.objects.filter(recipient=person).update(
        created_at=timezone.now() - dt.timedelta(hours=1)
    )

    profile.email_mode = EmailMode.DIGEST
    profile.save()
    tasks.send_daily_digests.apply()
    assert list(services.digest_recipients()) == []
    assert services.digest_send(person.pk) == 0
    profile.email_mode = EmailMode.IMMEDIATE
    profile.save()
    tasks.send_unsent_notifications.apply()
    assert services.relay_unsent(dt.timedelta(minutes=5)) == 0

    # What comes now is e-mailed, and it is the only e-mail (the worker takes tasks in order).
    notify(person, "Nowe")
    assert wait_for(lambda: len(mail.outbox) == 1)
    time.sleep(0.3)
    assert [m.subject for m in mail.outbox] == [
        "[EMPIRIE] Witamy w sieci Nowe: Twoje zgłoszenie zostało przyjęte"
    ]


def test_choosing_no_e_mails_settles_what_was_waiting_for_the_digest():
    """Switching to no e-mails and back to the digest sends nothing from before the switch."""
    profile = ProfileFactory(email_mode=EmailMode.DIGEST)
    notify(profile.user, "Czeka na skrót")
    for mode in (EmailMode.NONE, EmailMode.DIGEST):
        services.profile_update(
            profile_id=profile.pk, city=profile.city, function=profile.function, email_mode=mode
        )
    assert services.digest_send(profile.user.pk) == 0
    assert mail.outbox == []


def test_a_deactivated_account_gets_no_notification_and_no_e_mail(
    django_capture_on_commit_callbacks,
):
    immediate = ProfileFactory(email_mode=EmailMode.IMMEDIATE).user
    digest = ProfileFactory(email_mode=EmailMode.DIGEST).user
    earlier = [notify(immediate, "Przed"), notify(digest, "Przed")]
    for person in (immediate, digest):
        person.is_active = False
        person.save()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert notify(immediate, "Po") is None
        assert notify(digest, "Po") is None
    assert not callbacks
    assert not Notification.objects.filter(params__network="Po").exists()
    # What was made before the deactivation is not e-mailed either, and no sweep retries it.
    assert services.notification_email_deliver(earlier[0].pk) is False
    assert services.digest_send(digest.pk) == 0
    assert not mail.outbox
    earlier[0].refresh_from_db()
    assert earlier[0].emailed_at is not None


@pytest.mark.django_db(transaction=True)
def test_news_for_a_whole_network_is_one_insert_and_e_mails_in_batches(
    celery_worker, django_assert_num_queries
):
    """notify_all: one INSERT whatever the number of people; each gets their notification,
    their unread count moves at once, and e-mails go after commit, in batches, to those who
    want them. Transactional: the worker reads the notifications over its own connection."""
    from accounts.selectors import unread_count
    from accounts.tasks import EMAILS_PER_TASK

    many = EMAILS_PER_TASK + 5  # two batches
    quiet = ProfileFactory(email_mode=EmailMode.NONE).user
    others = [ProfileFactory().user for _ in range(many - 1)]
    people = list(
        type(quiet)
        .objects.select_related("profile")
        .filter(pk__in=[quiet.pk, *[p.pk for p in others]])
    )
    assert all(unread_count(person) == 0 for person in people)  # counted, and cached
    with transaction.atomic():
        with django_assert_num_queries(1):
            made = services.notify_all(
                people, kind=NotificationKind.APPLICATION_ACCEPTED, params={"network": "Sieć"},
                url="/en/sieci/",
            )  # fmt: skip
        time.sleep(0.2)
        assert not mail.outbox  # nothing leaves before the commit
    assert len(made) == many
    assert Notification.objects.filter(url="/sieci/").count() == many
    assert all(unread_count(person) == 1 for person in people)
    assert wait_for(lambda: len(mail.outbox) == many - 1, timeout=30)
    assert {message.to[0] for message in mail.outbox} == {p.email for p in others}
