"""The archive of past meetings, filtered in Warsaw time, showing only what the person sees."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from meetings.choices import MeetingFormat
from meetings.models import Meeting
from networks.choices import NetworkKind
from tests.factories import CityFactory, NetworkFactory, ParticipationFactory, ProfileFactory

pytestmark = pytest.mark.django_db
WARSAW = ZoneInfo("Europe/Warsaw")


def past(network, when, **fields):
    return Meeting.objects.create(
        network=network,
        topic=fields.pop("topic", f"Spotkanie {when:%Y-%m-%d %H:%M}"),
        starts_at=when,
        ends_at=when + dt.timedelta(hours=1),
        venue_address="Rynek 1",
        **fields,
    )


@pytest.fixture
def member_and_network(client):
    profile = ProfileFactory()
    network = NetworkFactory()
    ParticipationFactory(network=network, person=profile.user, city=profile.city)
    client.force_login(profile.user)
    return profile.user, network


def topics(client, **query):
    response = client.get(reverse("meetings:archive"), query)
    assert response.status_code == 200
    return {meeting.topic for meeting in response.context["meetings"]}


def test_quarters_are_warsaw_quarters(client, member_and_network):
    _person, network = member_and_network
    # 00:30 on New Year's Day in Warsaw is still 31 December in UTC.
    new_year = past(network, dt.datetime(2026, 1, 1, 0, 30, tzinfo=WARSAW), topic="Noworoczne")
    past(network, dt.datetime(2025, 12, 31, 23, 0, tzinfo=WARSAW), topic="Sylwestrowe")
    assert topics(client, year=2026, quarter=1) == {new_year.topic}
    assert topics(client, year=2025, quarter=4) == {"Sylwestrowe"}


def test_filters_by_network_city_and_format(client, member_and_network):
    person, network = member_and_network
    other = NetworkFactory()
    ParticipationFactory(network=other, person=person, city=person.profile.city)
    city = CityFactory(name="Konin")
    past(network, dt.datetime(2025, 5, 5, 10, tzinfo=WARSAW), topic="A", host_city=city)
    past(
        other,
        dt.datetime(2025, 6, 5, 10, tzinfo=WARSAW),
        topic="B",
        format=MeetingFormat.HYBRID,
        online_url="https://example.org/b",
    )
    assert topics(client, network=network.pk) == {"A"}
    assert topics(client, host_city=city.pk) == {"A"}
    assert topics(client, format=MeetingFormat.HYBRID) == {"B"}
    assert topics(client) == {"A", "B"}


def test_nothing_of_a_closed_network_reaches_others(client, member_and_network):
    leaders = NetworkFactory(kind=NetworkKind.LEADERS, name="LIDERZY")
    past(leaders, dt.datetime(2025, 5, 5, 10, tzinfo=WARSAW), topic="Poufne spotkanie")
    page = client.get(reverse("meetings:archive")).content.decode()
    assert "Poufne spotkanie" not in page and "LIDERZY" not in page
    # Asking for it by id is an invalid choice, not a leak.
    response = client.get(reverse("meetings:archive"), {"network": leaders.pk})
    assert "Poufne spotkanie" not in response.content.decode()


@pytest.mark.parametrize("query", [{"year": "abc"}, {"quarter": "9"}, {"network": "x'; drop"}])
def test_malformed_filters_say_so_without_failing(client, member_and_network, query):
    response = client.get(reverse("meetings:archive"), query)
    assert response.status_code == 200
    assert response.context["filter"].errors


def test_archive_queries_do_not_grow_with_meetings(
    uncached_fragments, client, member_and_network, django_assert_max_num_queries
):
    _person, network = member_and_network
    past(network, dt.datetime(2025, 1, 5, 10, tzinfo=WARSAW))
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("meetings:archive"))
    for day in range(1, 15):
        past(network, dt.datetime(2025, 2, day, 10, tzinfo=WARSAW), host_city=CityFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("meetings:archive"))


def test_the_inside_shows_the_last_year_and_the_archive_keeps_the_rest(client, member_and_network):
    from django.utils import timezone

    _person, network = member_and_network
    recent = past(network, timezone.now() - dt.timedelta(days=100), topic="Zeszłoroczne")
    old = past(network, timezone.now() - dt.timedelta(days=500), topic="Dawne")
    inside = client.get(reverse("networks:inside", args=[network.slug])).content.decode()
    assert recent.topic in inside and old.topic not in inside
    assert old.topic in topics(client, network=network.pk)


def test_the_empty_archive_says_what_is_true(client, member_and_network):
    """Nothing has ended yet: said so, not "nothing matches"; with filters, how to clear them."""
    url = reverse("meetings:archive")
    page = client.get(url).content.decode()
    assert "Nie ma jeszcze minionych spotkań" in page and "nie pasuje" not in page
    page = client.get(url, {"format": MeetingFormat.ONLINE}).content.decode()
    assert "nie pasuje do filtrów" in page and "Nie ma jeszcze minionych" not in page
