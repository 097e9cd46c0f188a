"""The member cities that took part in nothing for a year (figures.staff.quiet_cities): the
same list as three NOT EXISTS for each member city found, counted from the year's activity by
(network, city) instead, and in as many queries however many cities."""

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
    for name, activity in [("Cichowo", None), ("Dawnowo", 364), ("Obecnowo", 30)]:
        city = w.cities[name] = CityFactory(name=name, voivodeship=Voivodeship.SLASKIE)
        someone = w.people[name] = person(city)
        Participation.objects.create(person=someone, network=T, city=city, role=Role.MEMBER,
                                     status=ParticipationStatus.ACCEPTED,
                                     decided_at=at(2023, 1, 1))  # fmt: skip
        if activity == 364:
            thread = Thread.objects.create(network=T, author=someone, title="Dawno", kind="question",
                                           last_post_at=timezone.now())  # fmt: skip
            post = Post.objects.create(thread=thread, author=someone, body="Dawno temu.")
            Post.objects.filter(pk=post.pk).update(
                created_at=timezone.now() - dt.timedelta(days=activity)
            )
            Thread.objects.filter(pk=thread.pk).update(created_at=at(2023, 1, 2))
        elif activity:
            held = meeting(T, timezone.now() - dt.timedelta(days=activity), host=city)
            Registration.objects.create(meeting=held, person=someone, mode="in_person",
                                        attended=True)  # fmt: skip
    return w


def anti_joined_quiet_cities(user):
    """The list as it was first counted: three NOT EXISTS for each member city."""
    year_ago = timezone.now() - dt.timedelta(days=365)
    city, net = OuterRef("city_id"), OuterRef("network_id")
    present = Registration.objects.filter(
        attended=True, meeting__network=net, meeting__starts_at__gte=year_ago,
        person__profile__city=city,
    )  # fmt: skip
    wrote = Post.objects.filter(
        thread__network=net, created_at__gte=year_ago, author__profile__city=city
    )
    commented = Comment.objects.filter(
        result__network=net, created_at__gte=year_ago, author__profile__city=city
    )
    quiet = (
        Participation.objects.visible_to(user)
        .filter(network_id__in=staff.networks_of(user, None), role=Role.MEMBER,
                status=ParticipationStatus.ACCEPTED, decided_at__lte=year_ago,
                city__isnull=False)
        .filter(~Exists(present), ~Exists(wrote), ~Exists(commented))
    )  # fmt: skip
    return list(
        quiet.order_by("network__number", "city__sort_key", "city_id")
        .values_list("network__name", "city__name").distinct()
    )  # fmt: skip


def test_quiet_cities_are_those_the_anti_joins_found(world):
    """Varied: quiet, active in the network, active only elsewhere (the leaders' network),
    present a year and a day ago, absent a week ago, a member since last month."""
    T, L = world.networks["T"], world.networks["L"]
    cases = {
        "Elsewhere": lambda who: Registration.objects.create(
            meeting=meeting(L, timezone.now() - dt.timedelta(days=7)), person=who,
            mode="in_person", attended=True),
        "Longago": lambda who: Registration.objects.create(
            meeting=meeting(T, timezone.now() - dt.timedelta(days=366)), person=who,
            mode="in_person", attended=True),
        "Absent": lambda who: Registration.objects.create(
            meeting=meeting(T, timezone.now() - dt.timedelta(days=7)), person=who,
            mode="in_person", attended=False),
        "Commented": lambda who: Comment.objects.create(
            result=T.results.first(), author=who, body="Tak"),
        "Newcomer": None,
    }  # fmt: skip
    for name, activity in cases.items():
        city = CityFactory(name=name)
        who = person(city)
        decided = timezone.now() - dt.timedelta(days=30 if name == "Newcomer" else 400)
        for network in (T, L):
            Participation.objects.create(person=who, network=network, city=city,
                                         role=Role.MEMBER, status=ParticipationStatus.ACCEPTED,
                                         decided_at=decided)  # fmt: skip
        if activity:
            activity(who)
    for who in ("coordinator T", "coordinator L", "admin"):
        user = world.people[who]
        assert staff.quiet_cities(user, None, "") == anti_joined_quiet_cities(user), who
    quiet = {city for network, city in staff.quiet_cities(world.people["admin"], None, "")
             if network == T.name}  # fmt: skip
    assert {"Elsewhere", "Longago", "Absent", "Cichowo"} <= quiet
    assert not {"Commented", "Newcomer", "Obecnowo", "Dawnowo"} & quiet


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
