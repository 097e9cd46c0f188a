"""A change makes stale what shows it, and nothing else: one person's change costs nobody else
their cached account, one network's people or one practice's card (the mixed benchmark's
writer saves a profile, a participation and a practice every second)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Function
from accounts.selectors import person_family
from empirie.cache import versions
from networks.choices import ParticipationStatus
from networks.selectors import network_people_family
from practices import services as practice_services
from practices.choices import PracticeStatus
from practices.models import Category, Practice, PracticeContact, Tag, Transfer
from practices.selectors import PRACTICE_LINKS, practice_family
from tests.factories import CityFactory, NetworkFactory, ParticipationFactory, ProfileFactory

pytestmark = pytest.mark.django_db


def person_in(network, **profile):
    person = ProfileFactory(**profile)
    ParticipationFactory(network=network, person=person.user, city=person.city)
    return person


def logged_in(person):
    client = Client()
    client.force_login(person.user)
    return client


def fetch(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(captured.captured_queries)


def published(title, city=None):
    category = Category.objects.get_or_create(slug="transport", defaults={"name": "Transport"})[0]
    author = ProfileFactory(**({"city": city} if city else {})).user
    practice = practice_services.practice_save(
        by=author, title=title, category=category, summary="Skrót", presentation="", networks=()
    )
    practice = Practice.objects.get(pk=practice.pk)
    practice.status, practice.published_at = PracticeStatus.PUBLISHED, timezone.now()
    practice.save()
    return practice


def test_a_persons_cached_account_goes_stale_on_their_own_change_only():
    network, another = NetworkFactory(), NetworkFactory()
    anna, other = person_in(network), person_in(network)
    client = logged_in(anna)
    url = reverse("meetings:coming")
    fetch(client, url)
    _html, warm = fetch(client, url)

    before = versions(person_family(anna.user_id))
    other.email_mode = "digest"
    other.save()
    ParticipationFactory(network=another, person=other.user, city=other.city)
    assert versions(person_family(anna.user_id)) == before
    assert fetch(client, url)[1] == warm  # her account and roles still come from the cache

    anna.user.first_name = "Anastazja"
    anna.user.save()
    html, cold = fetch(client, url)
    assert cold > warm and "Anastazja" in html  # read anew, with the change


def test_a_network_shows_a_members_new_name_and_function_at_once():
    network, elsewhere = NetworkFactory(), NetworkFactory()
    reader, member = person_in(network), person_in(network)
    client = logged_in(reader)
    inside = reverse("networks:inside", args=[network.slug])
    assert "Zmieniona" not in fetch(client, inside)[0]

    untouched = versions(network_people_family(elsewhere.pk))
    member.user.last_name = "Zmieniona"
    member.user.save()
    member.function = Function.DEPUTY_MAYOR
    member.save()
    html = fetch(client, inside)[0]
    assert "Zmieniona" in html and "zastępca" in html.lower()
    assert versions(network_people_family(elsewhere.pk)) == untouched

    # Leaving takes them off the list on the next visit.
    participation = member.user.participations.get()
    participation.status, participation.left_at = ParticipationStatus.LEFT, timezone.now()
    participation.save()
    assert "Zmieniona" not in fetch(client, inside)[0]


def test_a_practice_card_goes_stale_with_its_own_parts_and_not_with_anothers():
    city = CityFactory()
    practice, another = published("Rower gminny", city=city), published("Budżet obywatelski")
    client = Client()
    url = reverse("practices:detail", args=[practice.slug])
    fetch(client, url)
    _html, warm = fetch(client, url)

    before = versions(practice_family(practice.pk))
    another.summary = "Nowy skrót"
    another.save()
    assert versions(practice_family(practice.pk)) == before
    _html, queries = fetch(client, url)
    # Only the practice itself (the card is cached) and the similar practices, made stale by
    # any practice's change.
    assert queries <= warm + 1

    PracticeContact.objects.create(practice=practice, name="Jan Kontaktowy", phone="", email="")
    assert "Jan Kontaktowy" in fetch(client, url)[0]
    tag = Tag.objects.create(name="mobilnosc")
    practice.tags.add(tag)
    assert "mobilnosc" in fetch(client, url)[0]
    tag.name = "mobilność"
    tag.save()
    assert "mobilność" in fetch(client, url)[0]
    adopter = CityFactory(name="Miasto Naśladowca")
    Transfer.objects.create(practice=practice, city=adopter, kind="adopted", note="")
    assert "Miasto Naśladowca" in fetch(client, url)[0]
    practice.summary = "Całkiem nowy skrót praktyki"
    practice.save()
    assert "Całkiem nowy skrót praktyki" in fetch(client, url)[0]
    adopter.name = "Miasto Przemianowane"
    adopter.save()
    assert "Miasto Przemianowane" in fetch(client, url)[0]


def test_a_save_that_changes_nothing_shown_leaves_shared_copies_alone():
    network = NetworkFactory()
    member = person_in(network)
    people, network_people = versions("people"), versions(network_people_family(network.pk))
    member.email_mode = "digest"  # their own setting: no page shows it to anyone
    member.save()
    assert versions("people") == people
    assert versions(network_people_family(network.pk)) == network_people

    member.function = Function.MAYOR
    member.save()
    assert versions("people") != people
    assert versions(network_people_family(network.pk)) != network_people


def test_changing_a_value_back_is_a_change_too():
    member = person_in(NetworkFactory())
    user = member.user
    first = user.first_name
    user.first_name = "Inne"
    user.save()
    between = versions("people")
    user.first_name = first  # back to what it was loaded with: still a change on the page
    user.save()
    assert versions("people") != between


def test_a_practice_summary_is_not_in_its_links_and_its_title_is():
    practice = published("Rower gminny")
    links, lists = versions(PRACTICE_LINKS), versions("practices")
    practice.summary = "Inny skrót"
    practice.save()
    assert versions(PRACTICE_LINKS) == links  # the results and cities that link to it
    assert versions("practices") != lists  # the lists show summaries
    practice.title = "Rower powiatowy"
    practice.save()
    assert versions(PRACTICE_LINKS) != links


def test_a_change_no_signal_saw_is_made_visible_by_moving_the_epoch():
    network = NetworkFactory()
    reader, member = person_in(network), person_in(network)
    client = logged_in(reader)
    inside = reverse("networks:inside", args=[network.slug])
    assert "Zmieniona" not in fetch(client, inside)[0]
    User = type(member.user)
    User.objects.filter(pk=member.user_id).update(last_name="Zmieniona")  # no signal
    assert "Zmieniona" not in fetch(client, inside)[0]  # the cached copy, as documented
    call_command("cache_stale", stdout=StringIO())
    assert "Zmieniona" in fetch(client, inside)[0]
