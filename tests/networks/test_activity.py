"""When each person last took part in each network (Participation.last_active_at, kept by
networks.activity) is, after every write that can change it, what the sources say: the latest
start of a meeting of the network they attended, post in its threads, comment on its results.
Posts, comments and registrations written by the services, their queryset updates (the
attendance list, an online report, an erased account), rows deleted one by one or with their
meeting, thread or result, meetings moved, threads moved to another network."""

import datetime as dt
import importlib
import threading

import pytest
from django.db import connection, transaction
from django.utils import timezone

from accounts.personal_data import account_erase
from discussions import services as discussions
from discussions.models import Post, Thread
from meetings import services as meetings
from meetings.choices import AttendanceSource, MeetingFormat
from meetings.models import Meeting, Registration
from networks import activity
from networks.choices import NetworkKind, ParticipationStatus, Role
from networks.models import Participation
from results import services as results
from results.models import Comment
from tests.discussions.test_discussions import person_in, start
from tests.factories import NetworkFactory, ParticipationFactory, ProfileFactory

pytestmark = pytest.mark.django_db


def from_the_sources(participation):
    """The latest moment the participation's person took part in its network, read from the
    rows themselves (hidden and author-deleted posts and comments count, as the statistics
    always counted them)."""
    person, network = participation.person_id, participation.network_id
    moments = [
        *Registration.objects.filter(
            person=person, attended=True, meeting__network=network
        ).values_list("meeting__starts_at", flat=True),
        *Post.objects.filter(author=person, thread__network=network).values_list(
            "created_at", flat=True
        ),
        *Comment.objects.filter(author=person, result__network=network).values_list(
            "created_at", flat=True
        ),
    ]
    return max(moments, default=None)


def assert_exact():
    """Every participation's last_active_at is the sources' (and so stays after any write)."""
    wrong = {
        str(p): (p.last_active_at, from_the_sources(p))
        for p in Participation.objects.select_related("person", "network")
        if p.last_active_at != from_the_sources(p)
    }
    assert not wrong


def last_active(person, network):
    return Participation.objects.get(person=person, network=network).last_active_at


@pytest.fixture
def world():
    """A network's people (as the discussions' tests have them), the leaders' network, and a
    second thematic network the coordinator runs (a thread may move there), where the member
    takes part too."""
    network = NetworkFactory(name="MIASTO CYFROWE", slug="miasto-cyfrowe")
    leaders = NetworkFactory(kind=NetworkKind.LEADERS, slug="siec-dla-liderow")
    w = {
        "network": network,
        "leaders": leaders,
        "other": NetworkFactory(name="MIASTO OBYWATELI"),
        "coordinator": person_in(network, Role.COORDINATOR, "Ewa", "Koordynatorka"),
        "expert": person_in(network, Role.EXPERT, "Jan", "Ekspert"),
        "member": person_in(network, first_name="Maria", last_name="Członkini"),
        "observer": person_in(network, Role.OBSERVER, "Olga", "Obserwatorka"),
        "stranger": ProfileFactory().user,
        "mayor": person_in(leaders, function="mayor", verified=True),
    }
    ParticipationFactory(network=w["other"], person=w["coordinator"], role=Role.COORDINATOR)
    ParticipationFactory(network=w["other"], person=w["member"], city=w["member"].profile.city)
    return w


def test_posts_keep_it_exact(world):
    network, member = world["network"], world["member"]
    assert last_active(member, network) is None
    thread = start(world)  # the member's first post
    first = thread.posts.get()
    assert last_active(member, network) == first.created_at
    reply = discussions.post_add(by=world["expert"], thread_id=thread.pk, body="Odpowiedź.")
    second = discussions.post_add(by=member, thread_id=thread.pk, body="Dziękuję.")
    assert last_active(member, network) == second.created_at
    assert last_active(world["expert"], network) == reply.created_at
    assert_exact()
    # Deleted by its author: still counts, as the statistics always counted it.
    discussions.post_delete(by=member, post_id=second.pk)
    assert last_active(member, network) == second.created_at
    # Hidden by the coordinator: still counts.
    discussions.post_hide(post_id=reply.pk, by=world["coordinator"], reason="Nie na temat")
    assert last_active(world["expert"], network) == reply.created_at
    # A row gone: the earlier post is the latest again.
    Post.objects.get(pk=second.pk).delete()
    assert last_active(member, network) == first.created_at
    assert_exact()
    # The thread moves to the other network: its posts count there, no longer here.
    discussions.thread_move(by=world["coordinator"], thread_id=thread.pk,
                            network_id=world["other"].pk)  # fmt: skip
    assert last_active(member, network) is None
    assert last_active(member, world["other"]) == first.created_at
    assert_exact()
    # A thread deleted goes with its posts.
    Thread.objects.get(pk=thread.pk).delete()
    assert last_active(member, world["other"]) is None
    assert_exact()


def test_comments_keep_it_exact(world):
    network, member, observer = world["network"], world["member"], world["observer"]
    result = results.result_draft(
        by=world["expert"], network_id=network.pk, kind="recommendation", title="Zalecenia",
        summary="Dziesięć zaleceń.", body="<p>Tekst</p>",
    )  # fmt: skip
    first = results.comment_add(result_id=result.pk, by=member, body="Dobre.")
    assert last_active(member, network) == first.created_at
    reply = results.comment_add(result_id=result.pk, by=member, body="I jeszcze.",
                                parent_id=first.pk)  # fmt: skip
    assert last_active(member, network) == reply.created_at
    results.comment_delete(comment_id=reply.pk, by=member)  # still counts
    assert last_active(member, network) == reply.created_at
    assert_exact()
    Comment.objects.get(pk=first.pk).delete()  # with its reply
    assert last_active(member, network) is None
    # An observer's comment (the result opened to them) counts for their participation.
    results.stage_change(result_id=result.pk, by=world["coordinator"], to_stage="observers",
                         opinions_until=timezone.localdate() + dt.timedelta(days=14))  # fmt: skip
    opinion = results.comment_add(result_id=result.pk, by=observer, body="Warto.")
    assert last_active(observer, network) == opinion.created_at
    assert_exact()


@pytest.fixture
def meeting(world):
    """A meeting of the network that began an hour ago, the member and the expert registered."""
    starts_at = timezone.now() + dt.timedelta(days=30)
    held = meetings.meeting_schedule(
        network_id=world["network"].pk, by=world["coordinator"], topic="Cyfrowy urząd",
        description="", starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=4),
        format=MeetingFormat.ONLINE, host_city=None, venue_address="",
        online_url="https://spotkanie.example.org/1", capacity=None, registration_deadline=None,
    )  # fmt: skip
    # Moved to its time by hand (nobody attended yet): the service refuses the past.
    Meeting.objects.filter(pk=held.pk).update(
        starts_at=timezone.now() - dt.timedelta(hours=1),
        ends_at=timezone.now() + dt.timedelta(hours=2),
    )
    held.refresh_from_db()
    for who in ("member", "expert"):
        Registration.objects.create(meeting=held, person=world[who], mode="online")
    assert_exact()
    return held


def registration(meeting, person):
    return Registration.objects.get(meeting=meeting, person=person)


def test_attendance_by_each_path_keeps_it_exact(world, meeting):
    network, member, expert = world["network"], world["member"], world["expert"]
    by = world["coordinator"]
    # At the door, and taken back.
    meetings.check_in(meeting_id=meeting.pk, registration_id=registration(meeting, member).pk,
                      by=by)  # fmt: skip
    assert last_active(member, network) == meeting.starts_at
    meetings.check_in_undo(meeting_id=meeting.pk,
                           registration_id=registration(meeting, member).pk, by=by)  # fmt: skip
    assert last_active(member, network) is None
    assert_exact()
    # From an online meeting's participant report.
    meetings.attendance_import(meeting_id=meeting.pk, by=by, source=AttendanceSource.ZOOM,
                               emails=[expert.email.upper()], registration_ids=[])  # fmt: skip
    assert last_active(expert, network) == meeting.starts_at
    assert_exact()
    # The list: the member present, the expert absent; then the other way round.
    meetings.attendance_record(meeting_id=meeting.pk, by=by,
                               attended_ids=[registration(meeting, member).pk])  # fmt: skip
    assert last_active(member, network) == meeting.starts_at
    assert last_active(expert, network) is None
    meetings.attendance_record(meeting_id=meeting.pk, by=by,
                               attended_ids=[registration(meeting, expert).pk])  # fmt: skip
    assert last_active(member, network) is None
    assert last_active(expert, network) == meeting.starts_at
    assert_exact()


def test_a_meeting_moved_or_deleted_keeps_it_exact(world, meeting):
    network, expert, by = world["network"], world["expert"], world["coordinator"]
    meetings.attendance_record(meeting_id=meeting.pk, by=by,
                               attended_ids=[registration(meeting, expert).pk])  # fmt: skip
    earlier = meeting.starts_at - dt.timedelta(days=2)
    fields = {
        "topic": meeting.topic, "description": "", "starts_at": earlier,
        "ends_at": earlier + dt.timedelta(hours=4), "format": meeting.format, "host_city": None,
        "venue_address": "", "online_url": meeting.online_url, "capacity": None,
        "registration_deadline": None,
    }  # fmt: skip
    meetings.meeting_update(meeting_id=meeting.pk, by=by, **fields)
    assert last_active(expert, network) == earlier
    assert_exact()
    # Its registration passes to another person (a seat handed over): theirs now.
    successor = ProfileFactory().user
    ParticipationFactory(network=network, person=successor)
    moved = registration(meeting, expert)
    moved.person = successor
    moved.save(update_fields=["person"])
    assert last_active(expert, network) is None
    assert last_active(successor, network) == earlier
    assert_exact()
    Meeting.objects.get(pk=meeting.pk).delete()
    assert last_active(successor, network) is None
    assert_exact()


def test_a_new_participation_starts_from_what_was_done(world):
    network, member = world["network"], world["member"]
    post = start(world).posts.get()
    old = Participation.objects.get(person=member, network=network)
    old.status, old.left_at = ParticipationStatus.LEFT, timezone.now()
    old.save(update_fields=["status", "left_at"])
    again = Participation.objects.create(person=member, network=network, role=Role.MEMBER,
                                         city=old.city, status=ParticipationStatus.APPLIED)  # fmt: skip
    again.refresh_from_db()
    assert again.last_active_at == post.created_at
    # A save of the whole row (its instance holding an older value) leaves it alone.
    again.last_active_at = None
    again.motivation = "Wracamy."
    again.save()
    again.refresh_from_db()
    assert (again.motivation, again.last_active_at) == ("Wracamy.", post.created_at)


def test_an_erased_account_keeps_only_its_attendance(world, meeting):
    network, member = world["network"], world["member"]
    meetings.attendance_record(meeting_id=meeting.pk, by=world["coordinator"],
                               attended_ids=[registration(meeting, member).pk])  # fmt: skip
    start(world)
    assert last_active(member, network) > meeting.starts_at
    account_erase(person=member)
    assert last_active(member, network) == meeting.starts_at
    assert_exact()


def test_the_bulk_fill_and_the_migrations_agree_with_the_sources(world, meeting):
    meetings.attendance_record(meeting_id=meeting.pk, by=world["coordinator"],
                               attended_ids=[registration(meeting, world["expert"]).pk])  # fmt: skip
    start(world)
    start(world, by="mayor", network="leaders", title="Liderzy")
    stale = timezone.now() - dt.timedelta(days=900)
    migration = importlib.import_module("networks.migrations.0012_participation_last_active_at")
    for fill in (activity.RECOUNT_ALL, migration.FILL):
        Participation.objects.update(last_active_at=None)
        Participation.objects.filter(person=world["stranger"]).update(last_active_at=stale)
        with connection.cursor() as cursor:
            cursor.execute(fill)
        if fill is activity.RECOUNT_ALL:  # also a stale value, where nothing was done
            assert not Participation.objects.filter(last_active_at=stale).exists()
        assert Participation.objects.filter(last_active_at__isnull=False).count() == 3
        assert_exact()


@pytest.mark.django_db(transaction=True)
def test_two_writers_at_once_leave_what_both_committed():
    """One writer adds a post and holds its transaction open; the other deletes the person's
    attendance meanwhile and recounts, waiting for the first's lock. Whoever commits last
    writes from what both committed: the post counts."""
    network = NetworkFactory()
    who = ParticipationFactory(network=network).person
    thread = Thread.objects.create(network=network, author=who, title="T", kind="question",
                                   last_post_at=timezone.now())  # fmt: skip
    held = Meeting.objects.create(
        network=network, topic="S", starts_at=timezone.now() - dt.timedelta(days=30),
        ends_at=timezone.now() - dt.timedelta(days=30) + dt.timedelta(hours=2),
        format="online", online_url="https://spotkanie.example.org/1",
    )  # fmt: skip
    attended = Registration.objects.create(meeting=held, person=who, mode="online",
                                           attended=True)  # fmt: skip
    written, go_on = threading.Event(), threading.Event()

    def writer():
        try:
            with transaction.atomic():
                Post.objects.create(thread=thread, author=who, body="Tak.")
                written.set()
                go_on.wait(10)
        finally:
            connection.close()

    def unmarker():
        try:
            with transaction.atomic():
                attended.attended = None
                attended.save(update_fields=["attended"])  # waits for the writer's lock
        finally:
            connection.close()

    first = threading.Thread(target=writer)
    first.start()
    assert written.wait(10)
    second = threading.Thread(target=unmarker)
    second.start()
    with connection.cursor() as cursor:  # the second waits for the first's row lock
        for _ in range(200):
            cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
            if cursor.fetchone()[0]:
                break
            threading.Event().wait(0.05)
    go_on.set()
    first.join()
    second.join()
    post = Post.objects.get(thread=thread)
    assert last_active(who, network) == post.created_at
    assert_exact()
