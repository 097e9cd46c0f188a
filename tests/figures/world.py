"""A small known world for the statistics: two networks (thematic T, leaders' L), three cities
in three voivodeships, meetings, practices, a transfer, results, survey answers and
applications with known dates, so each figure has one right value."""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from accounts.choices import Function
from cities.choices import Voivodeship
from discussions.models import Post, Thread
from meetings.models import Meeting, Registration, SurveyAnswer
from networks.choices import NetworkKind, ParticipationAction, ParticipationStatus, Role
from networks.models import Participation, ParticipationEvent
from practices.choices import PracticeStatus, TransferKind
from practices.models import Category, Practice, Transfer
from results.choices import ResultKind, Stage
from results.models import Comment, Result
from tests.factories import CityFactory, NetworkFactory, ParticipationFactory, ProfileFactory


def at(year, month, day, hour=12):
    return timezone.make_aware(dt.datetime(year, month, day, hour))


@dataclass
class World:
    networks: dict = field(default_factory=dict)
    cities: dict = field(default_factory=dict)
    people: dict = field(default_factory=dict)
    meetings: dict = field(default_factory=dict)
    practices: dict = field(default_factory=dict)
    categories: dict = field(default_factory=dict)


def meeting(network, starts_at, *, format="in_person", host=None, **fields):
    return Meeting.objects.create(
        network=network, topic=fields.pop("topic", "Spotkanie"), starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=4), format=format, host_city=host,
        venue_address="ul. Rynek 1" if format != "online" else "",
        online_url="https://spotkanie.example.org/1" if format != "in_person" else "",
        **fields,
    )  # fmt: skip


def person(city=None, function=Function.STAFF, *, cityless=False, **extra):
    place = {"city": None} if cityless else ({"city": city} if city else {})
    return ProfileFactory(function=function, **place, **extra).user


def build() -> World:
    w = World()
    w.cities = {
        "A": CityFactory(name="Bochnia", voivodeship=Voivodeship.MALOPOLSKIE, population=30_000),
        "B": CityFactory(name="Zabrze", voivodeship=Voivodeship.SLASKIE, population=150_000),
        "C": CityFactory(name="Radom", voivodeship=Voivodeship.MAZOWIECKIE, population=200_500),
    }
    T = w.networks["T"] = NetworkFactory(name="MIASTO TESTOWE", slug="miasto-testowe")
    L = w.networks["L"] = NetworkFactory(
        name="SIEĆ LIDERÓW TEST", slug="siec-liderow-test", kind=NetworkKind.LEADERS
    )
    A, B, C = (w.cities[k] for k in "ABC")
    p = w.people
    p["staff A"] = person(A)
    p["staff B"] = person(B)
    p["leader C"] = person(C, Function.PRESIDENT, verified=True)
    p["leader B"] = person(B, Function.MAYOR, verified=True)
    p["coordinator T"] = person(None, Function.OTHER, cityless=True)
    p["coordinator L"] = person(None, Function.OTHER, cityless=True)
    p["observer"] = person(CityFactory(name="Obserwatorowo"))
    p["admin"] = person(None, Function.OTHER, cityless=True, user__is_superuser=True,
                        user__is_staff=True)  # fmt: skip

    # Applications to T: applied 1 January 2024, decided after 10, 20 and 30 days.
    for key, city, days, status in [
        ("staff A", A, 10, ParticipationStatus.ACCEPTED),
        ("staff B", B, 20, ParticipationStatus.ACCEPTED),
        ("observer", None, 30, ParticipationStatus.REFUSED),
    ]:
        applied, decided = at(2024, 1, 1), at(2024, 1, 1) + dt.timedelta(days=days)
        participation = ParticipationFactory(
            person=p[key], network=T, city=city or p[key].profile.city, status=status,
            applied_at=applied, decided_at=decided,
        )  # fmt: skip
        ParticipationEvent.objects.create(
            participation=participation, action=ParticipationAction.APPLIED, at=applied
        )
        ParticipationEvent.objects.create(
            participation=participation,
            action=ParticipationAction.ACCEPTED
            if status == ParticipationStatus.ACCEPTED
            else ParticipationAction.REFUSED,
            at=decided,
        )
    # The leaders' network: two member cities (one of them also in T), decided in Q2 2024.
    for key, city in [("leader C", C), ("leader B", B)]:
        ParticipationFactory(
            person=p[key], network=L, city=city, applied_at=at(2024, 4, 1),
            decided_at=at(2024, 4, 3),
        )  # fmt: skip
        ParticipationEvent.objects.create(
            participation=Participation.objects.get(person=p[key], network=L),
            action=ParticipationAction.APPLIED, at=at(2024, 4, 1),
        )  # fmt: skip
    for key, network in [("coordinator T", T), ("coordinator L", L)]:
        ParticipationFactory(person=p[key], network=network, role=Role.COORDINATOR, city=None)

    # Meetings: T met twice in Q1 2024 (in person at A, online) and once in Q3 2024; a draft
    # and a cancelled one do not count; L met in Q1 2024 (never public).
    m = w.meetings
    m["T1"] = meeting(T, at(2024, 2, 8), host=A)
    m["T2"] = meeting(T, at(2024, 3, 14), format="online")
    m["T3"] = meeting(T, at(2024, 8, 8), host=B)
    m["T draft"] = meeting(T, at(2024, 5, 9), host=A, draft=True)
    m["T cancelled"] = meeting(T, at(2024, 5, 16), host=A, cancelled_at=at(2024, 5, 1))
    m["L1"] = meeting(L, at(2024, 2, 15), host=C, topic="Tajne spotkanie liderów")
    # Attendance: T1 two present, one absent; L1 one present.
    for who, attended in [("staff A", True), ("staff B", True), ("observer", False)]:
        Registration.objects.create(meeting=m["T1"], person=p[who], mode="in_person",
                                    attended=attended)  # fmt: skip
    Registration.objects.create(meeting=m["T2"], person=p["staff A"], mode="online")
    Registration.objects.create(
        meeting=m["L1"], person=p["leader C"], mode="in_person", attended=True
    )
    # Survey: T1 has 4 answers (hidden), T3 has 5 (shown: overall mean 4.0, usefulness 3.0).
    for rating in (5, 5, 1, 1):
        SurveyAnswer.objects.create(meeting=m["T1"], overall=rating, usefulness=rating)
    for overall, usefulness in [(5, 3), (4, 3), (4, 3), (3, 3), (4, 3)]:
        SurveyAnswer.objects.create(meeting=m["T3"], overall=overall, usefulness=usefulness)

    # Practices: A published two in Q1 2024 (category X), B one in Q2 2024 (a sub-category of
    # Y); C's restricted to L and C's draft never count publicly.
    X = w.categories["X"] = Category.objects.create(name="Usługi społeczne", slug="x", position=1)
    Y = w.categories["Y"] = Category.objects.create(name="Rozwój", slug="y", position=2)
    Y1 = Category.objects.create(name="Partnerstwo", slug="y1", parent=Y)

    def practice(key, city, category, published, **extra):
        w.practices[key] = Practice.objects.create(
            title=f"Praktyka {key}", slug=f"praktyka-{key}".lower().replace(" ", "-"),
            category=category, city=city, summary="Skrót", status=extra.pop(
                "status", PracticeStatus.PUBLISHED), published_at=published, **extra,
        )  # fmt: skip
        return w.practices[key]

    practice("A1", A, X, at(2024, 2, 1), submitted_at=at(2024, 1, 22))
    practice("A2", A, X, at(2024, 3, 1), submitted_at=at(2024, 2, 1))
    practice("B1", B, Y1, at(2024, 5, 1), submitted_at=at(2024, 4, 1))
    for one in ("A1", "A2", "B1"):
        w.practices[one].networks.add(T)
    practice("C secret", C, X, at(2024, 5, 2), restricted_to_networks=True).networks.add(L)
    practice("C draft", C, X, None, status=PracticeStatus.DRAFT)
    # B took up A's first practice (adapted) in Q2 2024.
    transfer = Transfer.objects.create(
        practice=w.practices["A1"], city=B, kind=TransferKind.ADAPTED
    )
    Transfer.objects.filter(pk=transfer.pk).update(recorded_at=at(2024, 6, 1))

    # Results: T's public one (Q2 2024) counts; T's draft and L's public-staged one never do.
    public = Result.objects.create(
        network=T, kind=ResultKind.RECOMMENDATION, title="Wynik jawny", summary="S",
        stage=Stage.PUBLIC, opened_to_observers_at=at(2024, 4, 1), published_at=at(2024, 5, 5),
    )  # fmt: skip
    Result.objects.create(network=T, kind=ResultKind.REPORT, title="Szkic", summary="S")
    Result.objects.create(
        network=L, kind=ResultKind.TOOLKIT, title="Tajny wynik liderów", summary="S",
        stage=Stage.PUBLIC, opened_to_observers_at=at(2024, 4, 1), published_at=at(2024, 5, 5),
    )  # fmt: skip
    # Two observers' comments... the observer was refused: made an observer of T now.
    ParticipationFactory(person=p["observer"], network=T, role=Role.OBSERVER,
                         city=p["observer"].profile.city)  # fmt: skip
    Comment.objects.create(result=public, author=p["observer"], body="Dobre")
    Comment.objects.create(result=public, author=p["observer"], body="I jeszcze")
    Comment.objects.create(result=public, author=p["staff A"], body="Dziękujemy")
    # A thread in T with two posts.
    thread = Thread.objects.create(
        network=T,
        author=p["staff A"],
        title="Pytanie",
        kind="question",
        last_post_at=timezone.now(),
    )
    Post.objects.create(thread=thread, author=p["staff A"], body="Jak?")
    Post.objects.create(thread=thread, author=p["staff B"], body="Tak.")
    return w
