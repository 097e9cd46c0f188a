"""{% cached_fragment %}: pages are served from the cache and change as soon as what they show
changes; nothing cached for one person reaches another, and every form keeps a token of its
own request."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from accounts import services as account_services
from accounts.choices import NotificationKind
from empirie.cache import everything_changed, versions
from empirie.fragments import kept_rows
from meetings import services as meeting_services
from meetings.choices import MeetingFormat
from networks.choices import Role
from results import services as result_services
from tests.factories import CityFactory, NetworkFactory, ParticipationFactory, ProfileFactory

pytestmark = pytest.mark.django_db


def person_in(network, role=Role.MEMBER, **profile):
    person = ProfileFactory(**profile)
    ParticipationFactory(network=network, person=person.user, city=person.city, role=role)
    return person.user


def client_of(person=None, **options):
    client = Client(**options)
    if person:
        client.force_login(person)
    return client


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        page(client, url)
    return len(captured.captured_queries)


def meeting(network, coordinator, topic, days=20):
    starts_at = timezone.now() + dt.timedelta(days=days)
    return meeting_services.meeting_schedule(
        network_id=network.pk, by=coordinator, topic=topic, description="", starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=3), format=MeetingFormat.ONLINE, host_city=None,
        venue_address="", online_url="https://spotkanie.example.org/1", capacity=None,
        registration_deadline=None,
    )  # fmt: skip


@pytest.fixture
def network():
    return NetworkFactory(name="MIASTO CYFROWE", slug="miasto-cyfrowe")


def test_a_second_visit_reads_the_cache_and_runs_fewer_queries(client, network):
    coordinator = person_in(network, Role.COORDINATOR)
    for number in range(3):
        meeting(network, coordinator, f"Spotkanie {number}")
    member = client_of(person_in(network))
    url = reverse("networks:inside", args=[network.slug])
    first, second = queries(member, url), queries(member, url)
    assert second < first


def test_the_insides_people_follow_a_new_member_and_a_renamed_network(network):
    member = client_of(person_in(network, user__first_name="Anna", user__last_name="Nowak"))
    url = reverse("networks:inside", args=[network.slug])
    assert "Nowak" in page(member, url)
    person_in(network, user__first_name="Jan", user__last_name="Kowalski")
    assert "Kowalski" in page(member, url)
    network.name = "MIASTO CYFROWE 2.0"
    network.save()
    assert page(member, url).count("MIASTO CYFROWE 2.0") >= 2  # in and around the fragments


def test_the_coming_meetings_follow_scheduling_and_registration(network):
    coordinator = person_in(network, Role.COORDINATOR)
    person = person_in(network)
    member = client_of(person)
    url = reverse("meetings:coming")
    assert "Forum e-usług" not in page(member, url)
    forum = meeting(network, coordinator, "Forum e-usług")
    assert "Forum e-usług" in page(member, url)
    meeting_services.registration_register(meeting_id=forum.pk, person=person, mode="online")
    assert "badge--ok" in page(member, url)  # "you are registered"


def test_one_persons_cached_list_never_reaches_another(network):
    coordinator = person_in(network, Role.COORDINATOR)
    forum = meeting(network, coordinator, "Forum e-usług")
    registered, other = person_in(network), person_in(network)
    meeting_services.registration_register(meeting_id=forum.pk, person=registered, mode="online")
    url = reverse("meetings:coming")
    mine = page(client_of(registered), url)
    theirs = page(client_of(other), url)
    assert "Forum e-usług" in mine and "Forum e-usług" in theirs
    assert mine.count("badge--ok") == 1 and theirs.count("badge--ok") == 0


def test_the_public_network_page_follows_new_member_cities(client, network):
    url = reverse("networks:detail", args=[network.slug])
    assert "Wąchock" not in page(client, url)
    person_in(network, city=CityFactory(name="Wąchock"))
    assert "Wąchock" in page(client, url)


def result_for_observers(network):
    """A result the expert wrote and the coordinator opened to observers; its people."""
    coordinator = person_in(network, Role.COORDINATOR)
    expert, observer = person_in(network, Role.EXPERT), person_in(network, Role.OBSERVER)
    result = result_services.result_draft(
        by=expert, network_id=network.pk, kind="recommendation", title="Rekomendacje",
        summary="Skrót.", body="<p>Tekst</p>",
    )  # fmt: skip
    result = result_services.stage_change(result_id=result.pk, by=coordinator, to_stage="observers")
    return result, coordinator, expert, observer


def test_the_discussion_follows_new_comments_and_moderation(network):
    result, coordinator, _expert, observer = result_for_observers(network)
    reader = client_of(observer)
    url = reverse("results:detail", args=[result.pk])
    assert "Pierwsza opinia" not in page(reader, url)
    comment = result_services.comment_add(result_id=result.pk, by=observer, body="Pierwsza opinia")
    assert "Pierwsza opinia" in page(reader, url)
    result_services.comment_hide(comment_id=comment.pk, by=coordinator, reason="Poza tematem")
    assert "Pierwsza opinia" not in page(reader, url)


def test_a_form_in_a_cached_fragment_carries_the_token_of_its_own_request(network):
    result, _coordinator, expert, observer = result_for_observers(network)
    result_services.comment_add(result_id=result.pk, by=expert, body="Zapraszam do dyskusji")
    url = reverse("results:detail", args=[result.pk])
    page(client_of(observer), url)  # cached by another of the observer's sessions
    reader = client_of(observer, enforce_csrf_checks=True)
    html = page(reader, url)  # read from the cache
    tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))
    assert tokens and "csrf-token-of-this-request" not in html
    parent = re.search(r'name="parent" value="(\d+)"', html).group(1)
    response = reader.post(
        url, {"csrfmiddlewaretoken": tokens.pop(), "parent": parent, "body": "Odpowiedź"}
    )
    assert response.status_code == 302
    assert "Odpowiedź" in page(reader, url)


def test_the_notification_list_follows_new_and_read_notifications():
    person = ProfileFactory().user
    reader = client_of(person)
    url = reverse("accounts:notifications")
    assert "Nowe spotkanie" not in page(reader, url)
    account_services.notify(
        recipient=person, kind=NotificationKind.MEETING_CHANGED, params={"topic": "Nowe spotkanie"}
    )
    html = page(reader, url)
    assert "Nowe spotkanie" in html and "card unread" in html
    account_services.notifications_mark_read(person=person)
    assert "card unread" not in page(reader, url)


def test_the_calendar_feed_follows_a_new_meeting(network):
    coordinator = person_in(network, Role.COORDINATOR)
    person = person_in(network)
    feed = meeting_services.calendar_feed_renew(person=person)
    url = reverse("meetings:calendar_feed", args=[feed.token])
    assert "Forum e-usług" not in page(Client(), url)
    meeting(network, coordinator, "Forum e-usług")
    assert "Forum e-usług" in page(Client(), url)


def test_a_change_is_made_stale_again_after_the_commit(network, django_capture_on_commit_callbacks):
    before = versions("people")
    with django_capture_on_commit_callbacks(execute=True):
        person_in(network)
        during = versions("people")
    after = versions("people")
    # A request that read the old rows before the commit cached them under `during`.
    family = lambda stamp: int(stamp.split(".")[-1])  # noqa: E731 - after the epoch
    assert family(before) < family(during) < family(after)


def test_a_log_in_makes_nothing_stale(client, network):
    person = person_in(network)
    before = versions("people")
    client.force_login(person)
    person.last_login = timezone.now()
    person.save(update_fields=["last_login"])
    assert versions("people") == before


def test_a_kept_row_is_drawn_again_only_for_other_values_language_or_epoch():
    """empirie.fragments.kept_rows: the same values are drawn once and kept; another value,
    another language or `manage.py cache_stale` (the epoch) are drawn anew."""
    drawn = []

    class Row:
        pass

    def markup(*values):
        row = Row()
        kept_rows([row], lambda _row: values, lambda each: drawn.append(each) or f"<li>{each}</li>")
        return row.row_markup

    first = markup("Tytuł", 3)
    assert first == "<li>('Tytuł', 3)</li>" and len(drawn) == 1
    assert markup("Tytuł", 3) == first and len(drawn) == 1  # kept
    markup("Tytuł", 4)
    assert len(drawn) == 2
    with translation.override("en"):
        markup("Tytuł", 3)
    assert len(drawn) == 3
    everything_changed()
    markup("Tytuł", 3)
    assert len(drawn) == 4


def test_a_fragment_drawn_once_is_drawn_by_the_first_to_miss_it_and_awaited_by_the_rest():
    """The map's drawing, asked for by several first visits at once: the first draws it; the
    next find it once it is kept; one whose drawer never keeps it draws it itself."""
    import time

    from empirie.cache import copies_store
    from empirie.fragments import DRAWING_WAIT, copy_drawn_meanwhile

    key = f"fragment:test:map:{time.monotonic_ns()}"
    assert copy_drawn_meanwhile(key) is None  # the first: draws it
    copies_store().set(key, ("<svg>mapa</svg>",))
    assert copy_drawn_meanwhile(key) == ("<svg>mapa</svg>",)  # the next: the copy
    other = key + ":never-kept"
    assert copy_drawn_meanwhile(other) is None
    started = time.monotonic()
    assert copy_drawn_meanwhile(other) is None  # waited, then draws it itself
    assert time.monotonic() - started >= DRAWING_WAIT


def test_the_map_is_drawn_once_however_many_ask():
    from practices.views import PracticeMapView

    assert PracticeMapView.fragments["map"].drawn_once
