"""Reminders a week and a day before, each exactly once; calendar files and subscriptions."""

import datetime as dt

import icalendar
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from accounts import notification_texts
from accounts.choices import Function, NotificationKind
from accounts.models import Notification
from meetings import services, tasks
from meetings.choices import MeetingFormat, ReminderKind
from meetings.models import CalendarFeed, Reminder
from networks.choices import NetworkKind, Role
from tests.conftest import wait_for
from tests.factories import NetworkFactory, ParticipationFactory, ProfileFactory

pytestmark = pytest.mark.django_db


def meeting_in(network, *, days, hours=0):
    coordinator = ParticipationFactory(network=network, role=Role.COORDINATOR, city=None).person
    starts_at = timezone.now() + dt.timedelta(days=days, hours=hours)
    return services.meeting_schedule(
        network_id=network.pk,
        by=coordinator,
        topic=f"Spotkanie za {days} dni",
        description="",
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=3),
        format=MeetingFormat.IN_PERSON,
        host_city=None,
        venue_address="Rynek 1",
        online_url="",
        capacity=None,
        registration_deadline=None,
    )


def registered(meeting, **profile):
    person = ProfileFactory(**profile).user
    ParticipationFactory(network=meeting.network, person=person, city=person.profile.city)
    services.registration_register(meeting_id=meeting.pk, person=person, mode="in_person")
    return person


def beat_fires():
    """What the beat task queues, run here: the worker's own path is tested below."""
    for registration_id, kind, starts_at in services.reminders_due():
        tasks.send_meeting_reminder.apply(args=[registration_id, kind, starts_at])


def reminders_of(person):
    return sorted(
        n.title
        for n in Notification.objects.filter(
            recipient=person, kind=NotificationKind.MEETING_REMINDER
        )
    )


def test_each_reminder_goes_once_even_when_beat_fires_twice():
    network = NetworkFactory()
    in_five_days, tomorrow = meeting_in(network, days=5), meeting_in(network, days=0, hours=20)
    person_a, person_b = registered(in_five_days), registered(tomorrow)

    beat_fires()
    beat_fires()  # twice
    assert kinds_sent(person_a) == [ReminderKind.WEEK_BEFORE]
    start = timezone.localtime(in_five_days.starts_at)
    assert reminders_of(person_a) == [
        f"Za 5 dni: {in_five_days.topic}, {date_format(start, 'j E Y, H:i')}"
    ]
    # Less than a day ahead: only the day's reminder, not a belated week's one.
    assert kinds_sent(person_b) == [ReminderKind.DAY_BEFORE]
    assert Reminder.objects.count() == 2

    # Four and a half days later the five-day meeting is under a day away: its day reminder,
    # once.
    later = timezone.now() + dt.timedelta(days=4, hours=12)
    for registration_id, kind, _start in list(services.reminders_due(now=later)):
        services.reminder_send(registration_id=registration_id, kind=kind)
        services.reminder_send(registration_id=registration_id, kind=kind)  # task run again
    assert kinds_sent(person_a) == [ReminderKind.DAY_BEFORE, ReminderKind.WEEK_BEFORE]


def kinds_sent(person):
    return sorted(Reminder.objects.filter(person=person).values_list("kind", flat=True))


def test_a_reminder_says_how_far_the_meeting_is_as_the_calendar_counts():
    """A week's reminder that goes when the meeting is two days away does not say "in a week"."""
    meeting = meeting_in(NetworkFactory(), days=2)
    noon = timezone.localtime(meeting.starts_at).replace(hour=12, minute=0)
    counted = [
        services.reminder_days(meeting, now=noon - dt.timedelta(days=days)) for days in (0, 1, 2, 5)
    ]
    assert counted == [0, 1, 2, 5]
    params = {"topic": meeting.topic, "start": meeting.starts_at.isoformat()}
    for language, words in [
        ("pl", ["Dziś", "Jutro", "Za 2 dni", "Za 5 dni"]),
        ("en", ["Today", "Tomorrow", "In 2 days", "In 5 days"]),
    ]:
        with translation.override(language):
            titles = [
                notification_texts.meeting_reminder({**params, "days": days})[0] for days in counted
            ]
        assert [title.split(":")[0] for title in titles] == words


def test_a_task_that_died_before_committing_sends_when_it_runs_again():
    meeting = meeting_in(NetworkFactory(), days=3)
    person = registered(meeting)
    ((registration_id, kind, _start),) = list(services.reminders_due())
    with pytest.raises(RuntimeError), transaction_that_dies():
        services.reminder_send(registration_id=registration_id, kind=kind)
    assert not Reminder.objects.exists() and not reminders_of(person)
    assert services.reminder_send(registration_id=registration_id, kind=kind) is True
    assert len(reminders_of(person)) == 1


def transaction_that_dies():
    """The worker dies after the reminder's work but before its transaction commits."""
    from contextlib import contextmanager

    from django.db import transaction

    @contextmanager
    def dying():
        with transaction.atomic():
            yield
            raise RuntimeError("worker killed")

    return dying()


def test_no_reminder_for_cancelled_meetings_or_people_who_lost_access():
    leaders = NetworkFactory(kind=NetworkKind.LEADERS)
    meeting = meeting_in(leaders, days=2)
    mayor = registered(meeting, function=Function.MAYOR, verified=True)
    mayor.profile.function_status = "rejected"
    mayor.profile.save()
    cancelled = meeting_in(NetworkFactory(), days=2)
    staff = registered(cancelled)
    services.meeting_cancel(meeting_id=cancelled.pk, by=cancelled.created_by, reason="Odwołane.")
    beat_fires()
    assert not reminders_of(mayor) and not reminders_of(staff)


def test_the_personal_calendar_lists_what_the_person_may_see_and_can_be_revoked(client):
    thematic, leaders = NetworkFactory(), NetworkFactory(kind=NetworkKind.LEADERS)
    open_meeting, closed_meeting = meeting_in(thematic, days=10), meeting_in(leaders, days=12)
    meeting_in(thematic, days=-400)  # older than a year: in the archive, not the calendar
    staff = registered(open_meeting)
    feed = services.calendar_feed_renew(person=staff)
    url = reverse("meetings:calendar_feed", args=[feed.token])

    calendar = icalendar.Calendar.from_ical(client.get(url).content)
    summaries = [str(event["summary"]) for event in calendar.walk("VEVENT")]
    assert summaries == [f"{thematic.name}: {open_meeting.topic}"]
    assert closed_meeting.topic not in client.get(url).content.decode()

    services.calendar_feed_renew(person=staff)  # a new address revokes the old one
    assert client.get(url).status_code == 404
    services.calendar_feed_revoke(person=staff)
    assert not CalendarFeed.objects.filter(person=staff).exists()
    assert client.get(url).status_code == 404


def test_the_subscription_page_makes_and_revokes_the_address(client):
    person = ProfileFactory().user
    client.force_login(person)
    client.post(reverse("meetings:calendar_subscription"), {"action": "renew"})
    page = client.get(reverse("meetings:calendar_subscription")).content.decode()
    token = person.calendar_feed.token
    assert reverse("meetings:calendar_feed", args=[token]) in page
    # An unknown action (a form from elsewhere) changes nothing and says so.
    page = client.post(
        reverse("meetings:calendar_subscription"), {"action": "bogus"}, follow=True
    ).content.decode()
    assert "Nic nie zostało zmienione" in page
    person.calendar_feed.refresh_from_db()
    assert person.calendar_feed.token == token
    client.post(reverse("meetings:calendar_subscription"), {"action": "revoke"})
    assert client.get(reverse("meetings:calendar_feed", args=[token])).status_code == 404
    assert not mail.outbox


@pytest.mark.django_db(transaction=True)
def test_beat_queues_reminders_that_the_worker_sends(celery_worker):
    meeting = meeting_in(NetworkFactory(), days=3)
    person = registered(meeting)
    tasks.send_meeting_reminders.apply()
    assert wait_for(lambda: len(reminders_of(person)) == 1)
    tasks.send_meeting_reminders.apply()
    assert list(services.reminders_due()) == []
    assert len(reminders_of(person)) == 1


def test_a_rescheduled_meeting_is_reminded_of_again_for_its_new_date_once():
    network = NetworkFactory()
    meeting = meeting_in(network, days=5)
    person = registered(meeting)
    beat_fires()
    assert kinds_sent(person) == [ReminderKind.WEEK_BEFORE]
    coordinator = meeting.created_by
    fields = {name: getattr(meeting, name) for name in services.MEETING_FIELDS}
    moved = meeting.starts_at + dt.timedelta(days=1)
    services.meeting_update(
        meeting_id=meeting.pk, by=coordinator,
        **{**fields, "starts_at": moved, "ends_at": moved + dt.timedelta(hours=3)},
    )  # fmt: skip
    beat_fires()
    beat_fires()
    assert kinds_sent(person) == [ReminderKind.WEEK_BEFORE, ReminderKind.WEEK_BEFORE]
    assert len(reminders_of(person)) == 2
    # A reminder queued for the old date, sent after a move out of its window: not sent.
    registration = meeting.registrations.get()
    far = moved + dt.timedelta(days=60)
    services.meeting_update(
        meeting_id=meeting.pk, by=coordinator,
        **{**fields, "starts_at": far, "ends_at": far + dt.timedelta(hours=3)},
    )  # fmt: skip
    assert not services.reminder_send(
        registration_id=registration.pk, kind=ReminderKind.DAY_BEFORE,
        starts_at=moved.isoformat(),
    )  # fmt: skip
