"""The leaks of the leaders' network that a crawl of pages cannot see: what a practice's
address reveals, writes that a stale form or a race could undo, who reviews a practice
restricted to a network, and what a cache key and a response header say.
(tests/portal/test_closure_canary.py crawls every page as every kind of person.)"""

import datetime as dt
import os
import re
import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import services as account_services
from accounts.choices import Function, FunctionStatus, NotificationKind
from accounts.models import Notification, Profile
from empirie.cache import copies_store
from meetings import services as meeting_services
from meetings.choices import MeetingFormat
from meetings.models import Meeting, Registration
from networks.choices import NetworkKind, Role
from practices import services as practice_services
from practices.choices import PracticeStatus
from practices.models import Category, Practice
from results import services as result_services
from results.choices import Stage
from results.models import Result
from tests.factories import NetworkFactory, ParticipationFactory, ProfileFactory
from tests.practices.test_attachments_and_map import pdf

pytestmark = pytest.mark.django_db


def person_in(network, role=Role.MEMBER, **profile):
    person = ProfileFactory(**profile)
    ParticipationFactory(network=network, person=person.user, city=person.city, role=role)
    return person.user


def client_of(person):
    client = Client()
    client.force_login(person)
    return client


@pytest.fixture
def category():
    return Category.objects.create(name="Usługi społeczne", slug="uslugi-spoleczne")


@pytest.fixture
def leaders():
    return NetworkFactory(kind=NetworkKind.LEADERS, slug="siec-dla-liderow")


def practice_of(author, category, title, **fields):
    practice = practice_services.practice_save(
        by=author, title=title, category=category, summary="Skrót", presentation="",
        networks=fields.pop("networks", ()), **fields,
    )  # fmt: skip
    return practice


# What an address reveals


def test_a_new_practices_address_says_nothing_of_hidden_ones(category, leaders):
    mayor = person_in(leaders, function=Function.MAYOR, verified=True)
    hidden = practice_of(mayor, category, "Tajny plan", networks=[leaders])
    Practice.objects.filter(pk=hidden.pk).update(
        status=PracticeStatus.PUBLISHED, restricted_to_networks=True, published_at=timezone.now()
    )
    clerk = ProfileFactory().user
    same_title = practice_of(clerk, category, "Tajny plan")
    other_title = practice_of(clerk, category, "Jawny plan")
    shape = re.compile(r"^(tajny|jawny)-plan-[0-9a-f]{6}$")
    # The same shape whether or not a practice of that title exists: no "-2" to notice.
    assert shape.match(same_title.slug) and shape.match(other_title.slug)
    assert same_title.slug != hidden.slug


@pytest.mark.parametrize("title", ["Mapa", "Nowa", "Do recenzji", "Eksport.csv"])
def test_a_practice_titled_like_a_page_of_the_list_is_reachable(category, title):
    author = ProfileFactory().user
    practice = practice_of(author, category, title)
    response = client_of(author).get(reverse("practices:detail", args=[practice.slug]))
    assert response.status_code == 200 and response.context["practice"] == practice


# Who reviews a practice restricted to a network


def test_only_the_networks_coordinator_reviews_a_practice_restricted_to_it(category, leaders):
    author = person_in(leaders, function=Function.MAYOR, verified=True)
    practice = practice_of(author, category, "Liderska", networks=[leaders])
    Practice.objects.filter(pk=practice.pk).update(restricted_to_networks=True)
    practice_services.practice_submit(practice_id=practice.pk, by=author)
    elsewhere = person_in(NetworkFactory(), Role.COORDINATOR, city=None)
    own = person_in(leaders, Role.COORDINATOR, city=None)
    queue, review = (
        reverse("practices:review_queue"),
        reverse("practices:review", args=[practice.slug]),
    )
    outsider = client_of(elsewhere)
    assert "Liderska" not in outsider.get(queue).content.decode()
    assert outsider.get(review).status_code == 404
    assert outsider.post(review, {"decision": "publish"}).status_code == 404
    with pytest.raises(PermissionDenied):
        practice_services.practice_review(practice_id=practice.pk, by=elsewhere, publish=True)
    assert Practice.objects.get(pk=practice.pk).status == PracticeStatus.SUBMITTED
    insider = client_of(own)
    assert "Liderska" in insider.get(queue).content.decode()
    assert insider.post(review, {"decision": "publish", "reason": ""}).status_code == 302
    assert Practice.objects.get(pk=practice.pk).status == PracticeStatus.PUBLISHED


# What stays of the inside for a person who lost access: their own words, nothing else


def published_restricted(author, category, title, leaders):
    practice = practice_of(author, category, title, networks=[leaders])
    Practice.objects.filter(pk=practice.pk).update(restricted_to_networks=True)
    return practice


def test_a_leader_who_lost_access_keeps_nothing_of_the_inside(category, leaders):
    coordinator = person_in(leaders, Role.COORDINATOR, city=None)
    mayor = person_in(leaders, function=Function.MAYOR, verified=True)
    other = person_in(leaders, function=Function.PRESIDENT, verified=True)
    starts_at = timezone.now().replace(year=timezone.now().year + 1, month=1, day=16, hour=9)
    meeting = meeting_services.meeting_schedule(
        network_id=leaders.pk, by=coordinator, topic="Spotkanie zamknięte", description="",
        starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=3),
        format=MeetingFormat.ONLINE, host_city=None, venue_address="",
        online_url="https://spotkanie.example.org/1", capacity=None, registration_deadline=None,
    )  # fmt: skip
    meeting_services.registration_register(meeting_id=meeting.pk, person=mayor, mode="online")
    # The mayor's own practice for the leaders, published after review.
    own = published_restricted(mayor, category, "Praktyka własna", leaders)
    practice_services.practice_submit(practice_id=own.pk, by=mayor)
    practice_services.practice_review(
        practice_id=own.pk, by=coordinator, publish=True, comment="Uwagi recenzenta"
    )
    # Another leader's practice, which the mayor's city took up (an entry of the audit log).
    theirs = published_restricted(other, category, "Praktyka cudza", leaders)
    Practice.objects.filter(pk=theirs.pk).update(
        status=PracticeStatus.PUBLISHED, published_at=timezone.now()
    )
    practice_services.transfer_record(practice_id=theirs.pk, by=mayor, kind="adopted", note="")
    client = client_of(mayor)
    pages = [
        reverse("accounts:personal_data"),
        reverse("accounts:personal_data") + "?format=json",
        reverse("accounts:notifications"),
    ]
    before = "".join(client.get(url).content.decode() for url in pages)
    assert "Spotkanie zamknięte" in before and "Uwagi recenzenta" in before
    account_services.function_decide(
        profile_id=mayor.profile.pk, by=coordinator, verified=False, reason="Koniec kadencji",
        seen_function=mayor.profile.function, seen_city_id=mayor.profile.city_id,
    )  # fmt: skip
    after = "".join(client.get(url).content.decode() for url in pages)
    year = str(starts_at.year)
    for secret in ("Spotkanie zamknięte", f"{year}-01-16", f"16 stycznia {year}",
                   "Uwagi recenzenta", "Praktyka własna", "Praktyka cudza"):  # fmt: skip
        assert secret not in after, secret
    assert "Koniec kadencji" in after  # their own news stays
    # What they wrote is still counted, without the inside's titles; and their place at the
    # leaders' meeting is given back (the coordinator's list counts the network's people).
    data = client.get(reverse("accounts:personal_data"), {"format": "json"}).json()
    assert {"title": None, "status": "opublikowana", "city": str(mayor.profile.city)} in data[
        "practices_written"
    ]
    assert not meeting.registrations.filter(person=mayor).exists()


def test_leaving_a_network_gives_back_the_places_at_its_coming_meetings():
    network = NetworkFactory()
    coordinator = person_in(network, Role.COORDINATOR, city=None)
    member = person_in(network)
    starts_at = timezone.now() + dt.timedelta(days=10)
    meeting = meeting_services.meeting_schedule(
        network_id=network.pk, by=coordinator, topic="Spotkanie", description="",
        starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=3),
        format=MeetingFormat.ONLINE, host_city=None, venue_address="",
        online_url="https://spotkanie.example.org/1", capacity=None, registration_deadline=None,
    )  # fmt: skip
    meeting_services.registration_register(meeting_id=meeting.pk, person=member, mode="online")
    membership = member.participations.get(network=network)
    client = client_of(member)
    assert (
        client.post(reverse("networks:participation_end", args=[membership.pk])).status_code == 302
    )
    assert not meeting.registrations.exists()


def test_a_practice_only_for_its_networks_must_name_them(category):
    client = client_of(ProfileFactory().user)
    response = client.post(
        reverse("practices:create"),
        {"title": "Dla nikogo", "category": category.pk, "summary": "Skrót",
         "restricted_to_networks": "on"},
    )  # fmt: skip
    assert response.status_code == 200 and "networks" in response.context["form"].errors
    assert not Practice.objects.filter(title="Dla nikogo").exists()


# Writes that lock and re-check


def test_a_decision_is_about_the_function_the_decider_saw(leaders):
    coordinator = person_in(leaders, Role.COORDINATOR, city=None)
    deputy = ProfileFactory(function=Function.DEPUTY_MAYOR)
    client = client_of(coordinator)
    url = reverse("accounts:function_decide", args=[deputy.pk])
    page = client.get(url).content.decode()
    seen = dict(re.findall(r'name="(seen_\w+)" value="([^"]*)"', page))
    assert seen == {
        "seen_function": "deputy_mayor", "seen_city": str(deputy.city_id), "seen_status": "declared"
    }  # fmt: skip
    # Meanwhile the person says they are the mayor now (of the same city).
    account_services.profile_update(
        profile_id=deputy.pk, city=deputy.city, function=Function.MAYOR, email_mode="immediate"
    )
    response = client.post(url, {"decision": "verify", "reason": "Sprawdzone w BIP", **seen})
    assert response.status_code == 200  # back to the page, with what changed
    page = response.content.decode()
    assert "changed their function" in page or "zmieniła funkcję" in page
    assert "Sprawdzone w BIP" in page  # the reason typed is kept
    assert 'name="seen_function" value="mayor"' in page  # a new decision is about the new one
    assert Profile.objects.get(pk=deputy.pk).function_status == FunctionStatus.DECLARED


def test_a_result_edited_on_a_page_loaded_before_it_was_opened_stays_open():
    network = NetworkFactory()
    coordinator = person_in(network, Role.COORDINATOR, city=None)
    expert = person_in(network, Role.EXPERT, city=None)
    result = result_services.result_draft(
        by=expert, network_id=network.pk, kind="recommendation", title="Zalecenia",
        summary="Skrót", body="",
    )  # fmt: skip
    edit = reverse("results:edit", args=[result.pk])
    coordinators_page, authors_page = client_of(coordinator), client_of(expert)
    assert coordinators_page.get(edit).status_code == 200
    assert authors_page.get(edit).status_code == 200
    result_services.stage_change(result_id=result.pk, by=coordinator, to_stage=Stage.OBSERVERS)
    sent = {"kind": "recommendation", "title": "Zalecenia, wersja 2", "summary": "Nowy skrót"}
    # The author may no longer edit: the text comes back, the result is untouched.
    response = authors_page.post(edit, sent)
    assert response.status_code == 200 and "Nowy skrót" in response.content.decode()
    assert Result.objects.get(pk=result.pk).stage == Stage.OBSERVERS
    # The coordinator's edit, from a page loaded before, changes the text and not the stage.
    assert coordinators_page.post(edit, sent).status_code == 302
    saved = Result.objects.get(pk=result.pk)
    assert (saved.title, saved.stage) == ("Zalecenia, wersja 2", Stage.OBSERVERS)


@pytest.mark.django_db(transaction=True)
def test_a_profile_saved_while_a_verification_is_withdrawn_does_not_restore_it(leaders):
    """The withdrawal holds the row; the person's save waits for it, then writes only its own
    fields: the withdrawal stands."""
    coordinator = person_in(leaders, Role.COORDINATOR, city=None)
    mayor = ProfileFactory(function=Function.MAYOR, verified=True)
    withdrawing, saved = threading.Event(), threading.Event()

    def person_saves_their_profile():
        withdrawing.wait(10)
        try:
            account_services.profile_update(
                profile_id=mayor.pk, city=mayor.city, function=Function.MAYOR,
                email_mode="digest",
            )  # fmt: skip
        finally:
            saved.set()
            connection.close()

    thread = threading.Thread(target=person_saves_their_profile)
    thread.start()
    with transaction.atomic():
        account_services.function_decide(
            profile_id=mayor.pk, by=coordinator, verified=False, reason="Koniec kadencji",
            seen_function=mayor.function, seen_city_id=mayor.city_id,
        )  # fmt: skip
        withdrawing.set()
        assert not saved.wait(0.5)  # the person's save waits for the withdrawal
    thread.join(10)
    profile = Profile.objects.get(pk=mayor.pk)
    assert profile.function_status == FunctionStatus.REJECTED
    assert profile.email_mode == "digest"


def test_verifying_in_the_admin_records_who_and_when(client):
    administrator = ProfileFactory(function=Function.OTHER, user__is_superuser=True,
                                   user__is_staff=True).user  # fmt: skip
    mayor = ProfileFactory(function=Function.MAYOR)
    client.force_login(administrator)
    url = reverse("admin:accounts_profile_change", args=[mayor.pk])
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(
        url,
        {
            "user": mayor.user_id, "city": mayor.city_id, "function": Function.MAYOR,
            "function_status": FunctionStatus.VERIFIED, "function_decision_reason": "",
            "email_mode": "immediate", "language": "pl",
        },
    )  # fmt: skip
    assert response.status_code == 302
    mayor.refresh_from_db()
    assert mayor.function_status == FunctionStatus.VERIFIED
    assert mayor.function_verified_by == administrator and mayor.function_verified_at
    assert Notification.objects.filter(
        recipient=mayor.user, kind=NotificationKind.FUNCTION_VERIFIED
    ).exists()

    # Withdrawn in the admin as on the portal: the place at the leaders' meeting is given
    # back, and the person is told.
    leaders = NetworkFactory(kind=NetworkKind.LEADERS)
    ParticipationFactory(network=leaders, person=mayor.user, city=mayor.city)
    starts = timezone.now() + dt.timedelta(days=20)
    meeting = Meeting.objects.create(
        network=leaders, topic="Sesja liderów", starts_at=starts,
        ends_at=starts + dt.timedelta(hours=3), venue_address="Rynek 1",
    )  # fmt: skip
    Registration.objects.create(meeting=meeting, person=mayor.user, mode="in_person")
    response = client.post(
        url,
        {
            "user": mayor.user_id, "city": mayor.city_id, "function": Function.MAYOR,
            "function_status": FunctionStatus.REJECTED,
            "function_decision_reason": "Koniec kadencji", "email_mode": "immediate",
            "language": "pl",
        },
    )  # fmt: skip
    assert response.status_code == 302
    assert not Registration.objects.filter(meeting=meeting, person=mayor.user).exists()
    assert Notification.objects.filter(
        recipient=mayor.user, kind=NotificationKind.FUNCTION_REJECTED
    ).exists()


# What a cache key and a header say


def fragment_keys():
    store = copies_store()
    client = store._cache.get_client()
    return set(client.scan_iter(match=f"{store.key_prefix}:*fragment:*"))


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs a real Redis (REDIS_URL)")
def test_query_parameters_a_page_does_not_read_make_no_new_copies(client):
    url = reverse("practices:list")
    client.get(url)
    before = fragment_keys()
    for n in range(5):
        client.get(url, {"utm_source": f"newsletter-{n}", "x": n})
    assert fragment_keys() == before
    client.get(url, {"q": "rower"})  # one it reads: new copies of its filters and its list
    assert len(fragment_keys()) == len(before) + 2


def test_a_form_token_in_cached_html_cannot_be_planted_in_a_comment():
    network = NetworkFactory()
    member, other = person_in(network), person_in(network)
    result = result_services.result_draft(
        by=member, network_id=network.pk, kind="recommendation", title="Zalecenia",
        summary="Skrót", body="",
    )  # fmt: skip
    bait = "csrf-token-of-this-request-e1d2 csrf-0123456789abcdef0123456789abcdef"
    result_services.comment_add(result_id=result.pk, by=member, body=bait)
    url = reverse("results:detail", args=[result.pk])
    for reader in (member, other, member):
        client = client_of(reader)
        page = client.get(url).content.decode()
        assert bait in page  # shown as written
        token = client.cookies["csrftoken"].value
        assert token not in bait


def test_a_closed_networks_pages_and_files_are_not_kept_by_browsers(category, leaders):
    mayor = person_in(leaders, function=Function.MAYOR, verified=True)
    practice = practice_of(mayor, category, "Liderska", networks=[leaders])
    Practice.objects.filter(pk=practice.pk).update(restricted_to_networks=True)
    document = practice_services.attachment_add(
        practice_id=practice.pk, by=mayor, upload=pdf(), title="Plan"
    )
    Practice.objects.filter(pk=practice.pk).update(
        status=PracticeStatus.PUBLISHED, published_at=timezone.now()
    )
    client = client_of(mayor)
    for url in (
        reverse("networks:inside", args=[leaders.slug]),
        reverse("practices:detail", args=[practice.slug]),
        reverse("practices:attachment_file", args=[practice.slug, document.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "private, no-store", url


def test_invalid_page_numbers_give_the_first_or_the_last_page(client):
    url = reverse("results:list")
    for page in ("abc", "-1", "0", "99999", "1e9", "%00"):
        assert client.get(url, {"page": page}).status_code == 200
