"""The member cities that took part in nothing for a year (figures.staff.quiet_cities), read
from the participations' last_active_at (networks.activity), are those a straightforward
definition finds from the sources themselves: for each member city, whether anyone taking part
in the network for the city attended one of its meetings, wrote in its threads or commented on
its results in the year. In as many queries however many cities."""

import datetime as dt

import pytest
from django.db import connection
from django.db.models import Exists, OuterRef
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cities.choices import Voivodeship
from discussions.models import Post, Thread
from figures import staff
from meetings.models import Registration
from networks import activity
from networks.choices import ParticipationStatus, Role
from networks.models import Participation
from results.models import Comment
from tests.factories import CityFactory
from tests.figures.test_figures import more_data
from tests.figures.world import at, build, meeting, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """The known world, more of it, and a year of activity: a city quiet for a year, one
    whose only activity is 364 days old, one present at a meeting a month ago."""
    w = build()
    more_data(w)
    T = w.networks["T"]
    for name, days in [("Cichowo", None), ("Dawnowo", 364), ("Obecnowo", 30)]:
        city = w.cities[name] = CityFactory(name=name, voivodeship=Voivodeship.SLASKIE)
        someone = w.people[name] = person(city)
        Participation.objects.create(person=someone, network=T, city=city, role=Role.MEMBER,
                                     status=ParticipationStatus.ACCEPTED,
                                     decided_at=at(2023, 1, 1))  # fmt: skip
        if days == 364:
            thread = Thread.objects.create(network=T, author=someone, title="Dawno", kind="question",
                                           last_post_at=timezone.now())  # fmt: skip
            post = Post.objects.create(thread=thread, author=someone, body="Dawno temu.")
            Post.objects.filter(pk=post.pk).update(
                created_at=timezone.now() - dt.timedelta(days=days)
            )
            Thread.objects.filter(pk=thread.pk).update(created_at=at(2023, 1, 2))
            # Written then: no write path moves a post in time, so the test counts it again.
            activity.recount(person_ids=[someone.pk])
        elif days:
            held = meeting(T, timezone.now() - dt.timedelta(days=days), host=city)
            Registration.objects.create(meeting=held, person=someone, mode="in_person",
                                        attended=True)  # fmt: skip
    return w


def from_the_sources(user):
    """The list by its definition: the member cities of which no participation of the same
    network and city (any role, any status) has a person who, in the year, attended one of
    the network's meetings, wrote in its threads or commented on its results."""
    year_ago = timezone.now() - dt.timedelta(days=365)
    person, network = OuterRef("person"), OuterRef("network")
    took_part = Participation.objects.filter(
        network=OuterRef("network_id"), city=OuterRef("city_id")
    ).filter(
        Exists(Registration.objects.filter(person=person, attended=True, meeting__network=network,
                                           meeting__starts_at__gte=year_ago))
        | Exists(Post.objects.filter(author=person, thread__network=network,
                                     created_at__gte=year_ago))
        | Exists(Comment.objects.filter(author=person, result__network=network,
                                        created_at__gte=year_ago))
    )  # fmt: skip
    quiet = (
        Participation.objects.visible_to(user)
        .filter(network_id__in=staff.networks_of(user, None), role=Role.MEMBER,
                status=ParticipationStatus.ACCEPTED, decided_at__lte=year_ago,
                city__isnull=False)
        .filter(~Exists(took_part))
    )  # fmt: skip
    return list(
        quiet.order_by("network__number", "city__sort_key", "city_id")
        .values_list("network__name", "city__name").distinct()
    )  # fmt: skip


def days_ago(days):
    return timezone.now() - dt.timedelta(days=days)


def present(network, who, days, attended=True):
    return Registration.objects.create(
        meeting=meeting(network, days_ago(days)), person=who, mode="in_person", attended=attended
    )


def wrote(network, who, days=0):
    thread = Thread.objects.create(network=network, author=who, title="Pytanie",
                                   kind="question", last_post_at=timezone.now())  # fmt: skip
    post = Post.objects.create(thread=thread, author=who, body="Jak?")
    if days:  # written then: nothing moves a post in time, so it is counted again here
        Post.objects.filter(pk=post.pk).update(created_at=days_ago(days))
        activity.recount(person_ids=[who.pk])
    return post


def unmarked(network, who):
    registration = present(network, who, 7)
    registration.attended = None  # a check-in taken back
    registration.save(update_fields=["attended", "checked_in_at"])


def moved(network, who, days, to_days):
    registration = present(network, who, days)
    held = registration.meeting
    held.starts_at, held.ends_at = days_ago(to_days), days_ago(to_days) + dt.timedelta(hours=4)
    held.save(update_fields=["starts_at", "ends_at"])


def deleted_by_author(network, who):
    post = wrote(network, who)
    post.body, post.deleted_at = "", timezone.now()
    post.save(update_fields=["body", "deleted_at"])


def thread_moved(network, who, elsewhere):
    thread = wrote(network, who).thread
    thread.network = elsewhere
    thread.save(update_fields=["network"])


def test_quiet_cities_are_those_the_sources_say(world):
    """Varied: quiet, active in the network, active only elsewhere (the leaders' network),
    present a year and a day ago or a year less a day ago, absent, a check-in taken back, a
    meeting moved out of the year or into it, a post deleted by its author (it still counts,
    as hidden ones do) or gone with its row, a thread moved to the other network, an
    observer's comment, a person who has since left, a member since last month."""
    T, L = world.networks["T"], world.networks["L"]
    result = T.results.first()
    cases = {
        "Elsewhere": lambda who: present(L, who, 7),
        "Longago": lambda who: present(T, who, 366),
        "Justin": lambda who: present(T, who, 364),
        "Absent": lambda who: present(T, who, 7, attended=False),
        "Unmarked": lambda who: unmarked(T, who),
        "Movedout": lambda who: moved(T, who, 30, 400),
        "Movedin": lambda who: moved(T, who, 400, 30),
        "Commented": lambda who: Comment.objects.create(result=result, author=who, body="Tak"),
        "Takenback": lambda who: deleted_by_author(T, who),
        "Gone": lambda who: wrote(T, who).delete(),
        "Wrotelate": lambda who: wrote(T, who, days=366),
        "Carried": lambda who: thread_moved(T, who, L),
        "Newcomer": None,
    }  # fmt: skip
    for name, activity_of in cases.items():
        city = CityFactory(name=name)
        who = person(city)
        decided = timezone.now() - dt.timedelta(days=30 if name == "Newcomer" else 400)
        for network in (T, L):
            Participation.objects.create(person=who, network=network, city=city,
                                         role=Role.MEMBER, status=ParticipationStatus.ACCEPTED,
                                         decided_at=decided)  # fmt: skip
        if activity_of:
            activity_of(who)
    # Observed: the member is idle, an observer taking part for the same city commented.
    observed = CityFactory(name="Observed")
    for role in (Role.MEMBER, Role.OBSERVER):
        Participation.objects.create(person=person(observed), network=T, city=observed,
                                     role=role, status=ParticipationStatus.ACCEPTED,
                                     decided_at=days_ago(400))  # fmt: skip
    observer = Participation.objects.get(city=observed, role=Role.OBSERVER).person
    Comment.objects.create(result=result, author=observer, body="Warto")
    # Left: the member is idle; a colleague wrote a month ago, and has left the network since.
    left = CityFactory(name="Left")
    for status in (ParticipationStatus.ACCEPTED, ParticipationStatus.LEFT):
        Participation.objects.create(person=person(left), network=T, city=left, role=Role.MEMBER,
                                     status=status, decided_at=days_ago(400),
                                     left_at=days_ago(10) if status == "left" else None)  # fmt: skip
    wrote(T, Participation.objects.get(city=left, status=ParticipationStatus.LEFT).person, 30)
    # Moved house: takes part for Stare (their participation's city) though their profile
    # names Nowe since, where another member is idle: Stare took part, Nowe did not.
    stare, nowe = CityFactory(name="Stare"), CityFactory(name="Nowe")
    mover = person(stare)
    for who, city in [(mover, stare), (person(nowe), nowe)]:
        Participation.objects.create(person=who, network=T, city=city, role=Role.MEMBER,
                                     status=ParticipationStatus.ACCEPTED,
                                     decided_at=days_ago(400))  # fmt: skip
    mover.profile.city = nowe
    mover.profile.save()
    wrote(T, mover)

    for who in ("coordinator T", "coordinator L", "admin"):
        user = world.people[who]
        assert staff.quiet_cities(user, None, "") == from_the_sources(user), who
    quiet = {city for network, city in staff.quiet_cities(world.people["admin"], None, "")
             if network == T.name}  # fmt: skip
    assert {"Elsewhere", "Longago", "Absent", "Unmarked", "Movedout", "Gone", "Wrotelate",
            "Carried", "Cichowo", "Nowe"} <= quiet  # fmt: skip
    assert not {"Justin", "Movedin", "Commented", "Takenback", "Observed", "Left", "Stare",
                "Newcomer", "Obecnowo", "Dawnowo"} & quiet  # fmt: skip
    slaskie = {city for _network, city in staff.quiet_cities(world.people["admin"], None,
                                                               Voivodeship.SLASKIE)}  # fmt: skip
    assert "Cichowo" in slaskie and not {"Dawnowo", "Obecnowo", "Elsewhere"} & slaskie


def test_the_list_takes_as_many_queries_however_many_cities(world):
    admin = world.people["admin"]
    staff.quiet_cities(admin, None, "")  # the person's access, worked out once
    with CaptureQueriesContext(connection) as before:
        staff.quiet_cities(admin, None, "")
    T = world.networks["T"]
    for number in range(20):
        city = CityFactory(name=f"Cichy {number}")
        Participation.objects.create(person=person(city), network=T, city=city,
                                     role=Role.MEMBER, status=ParticipationStatus.ACCEPTED,
                                     decided_at=at(2023, 1, 1))  # fmt: skip
    with CaptureQueriesContext(connection) as after:
        assert len(staff.quiet_cities(admin, None, "")) >= 20
    assert len(after) == len(before)
