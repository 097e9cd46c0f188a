"""HTTP behaviour of every list and detail: ETag with 304, Cache-Control and Vary, 429 with
Retry-After past a rate limit, and a number of queries that does not grow with the rows."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.choices import NotificationKind
from accounts.services import notify
from meetings.choices import MeetingFormat, PublicationLevel
from meetings.models import Meeting, MeetingReport, Registration
from practices.models import Tag
from results.models import Result
from tests.api.conftest import practice, token_client
from tests.factories import CityFactory, NetworkFactory, ParticipationFactory, ProfileFactory

PUBLIC_LISTS = [
    "/api/v1/networks/", "/api/v1/cities/", "/api/v1/practices/", "/api/v1/results/",
    "/api/v1/meeting-reports/",
]  # fmt: skip
PERSONAL_LISTS = ["/api/v1/me/networks/", "/api/v1/me/meetings/", "/api/v1/me/notifications/"]


def meeting(network, *, topic="Spotkanie", days=30):
    starts_at = timezone.now() + dt.timedelta(days=days)
    return Meeting.objects.create(
        network=network, topic=topic, starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=5), format=MeetingFormat.HYBRID,
        venue_address="Rynek 1", online_url="https://spotkanie.example.org/1",
        host_city=CityFactory(),
    )  # fmt: skip


def grow(person, network, category, n):
    """n more of everything each list shows: practices (with tags, networks, transfers),
    cities, networks with members, public results and reports, meetings with the person's
    registration, memberships, notifications."""
    for _ in range(n):
        made = practice(category, title="Praktyka", slug=f"p-{Tag.objects.count()}",
                        networks=[network])  # fmt: skip
        made.tags.add(Tag.objects.create(name=f"tag {Tag.objects.count()}"))
        made.transfers.create(city=CityFactory(), kind="adopted")
        other = NetworkFactory()
        ParticipationFactory(network=other)
        ParticipationFactory(person=person, network=other)
        Result.objects.create(network=network, kind="report", title="Wynik", summary="S",
                              stage="public", opened_to_observers_at=timezone.now(),
                              published_at=timezone.now())  # fmt: skip
        held = meeting(network, days=-10)
        MeetingReport.objects.create(meeting=held, body="<p>R</p>", level=PublicationLevel.PUBLIC,
                                     published_at=timezone.now())  # fmt: skip
        Registration.objects.create(meeting=meeting(network), person=person, mode="online")
        notify(recipient=person, kind=NotificationKind.RESULT_STAGE,
               params={"variant": "published", "title": "Wynik", "summary": "S"},
               url="/wyniki/1/", network=network)  # fmt: skip


def queries_of(client, url):
    """The queries of a request once the person's access and the networks are cached (the
    first request after a change reads them)."""
    assert client.get(url).status_code == 200, url
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200, url
    return len(captured.captured_queries)


def test_each_list_reads_as_many_queries_with_many_rows_as_with_few(db, category):
    person = ProfileFactory().user
    network = NetworkFactory()
    ParticipationFactory(person=person, network=network)
    api, _created = token_client(person)
    grow(person, network, category, 2)
    few = {url: queries_of(api, url) for url in PUBLIC_LISTS + PERSONAL_LISTS}
    anonymous = {url: queries_of(Client(), url) for url in PUBLIC_LISTS}
    grow(person, network, category, 12)
    many = {url: queries_of(api, url) for url in PUBLIC_LISTS + PERSONAL_LISTS}
    assert many == few
    assert {url: queries_of(Client(), url) for url in PUBLIC_LISTS} == anonymous
    assert max(many.values()) <= 12, many


def test_my_meetings_carry_my_registration_and_the_link_only_when_registered(db):
    person = ProfileFactory().user
    network = NetworkFactory()
    ParticipationFactory(person=person, network=network)
    mine, other = meeting(network, topic="Moje"), meeting(network, topic="Inne", days=40)
    Registration.objects.create(meeting=mine, person=person, mode="online")
    api, _created = token_client(person)
    rows = {row["topic"]: row for row in api.get(PERSONAL_LISTS[1]).json()["results"]}
    assert rows["Moje"]["registration"]["mode"] == "online"
    assert rows["Moje"]["online_url"] == "https://spotkanie.example.org/1"
    assert rows["Inne"]["registration"] is None and rows["Inne"]["online_url"] == ""
    assert other.pk != mine.pk
    assert api.get(PERSONAL_LISTS[1], {"when": "past"}).json()["results"] == []
    assert api.get(PERSONAL_LISTS[1], {"when": "someday"}).status_code == 400


def test_me_says_what_my_access_allows(db, networks, leader):
    api, created = token_client(leader, name="Tablica")
    me = api.get("/api/v1/me/").json()
    assert me["verified_leader"] is True and me["administrator"] is False
    assert [n["slug"] for n in me["inside"]] == ["liderzy"]
    assert me["token"] == {"name": "Tablica", "prefix": created.token.shown_prefix,
                           "read_only": True}  # fmt: skip
    assert Client().get("/api/v1/me/").status_code == 401


@pytest.mark.parametrize("url", [*PUBLIC_LISTS, "/api/v1/practices/rower-miejski/"])
def test_etag_and_304_on_lists_and_details(client, practices, url):
    first = client.get(url)
    etag = first["ETag"]
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag
    assert client.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_the_etag_changes_with_the_content_and_with_who_asks(client, practices, leader):
    url = "/api/v1/practices/"
    etag = client.get(url)["ETag"]
    api, _created = token_client(leader)
    assert api.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200  # the leader sees more
    practices["open"].title = "Rower miejski 2.0"
    practices["open"].save()
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_visitors_answers_are_public_and_everyone_elses_private(client, practices, leader):
    url = "/api/v1/practices/"
    public = client.get(url)
    assert public["Cache-Control"].startswith("public, max-age=")
    assert {"Cookie", "Authorization"} <= {v.strip() for v in public["Vary"].split(",")}
    api, _created = token_client(leader)
    for response in (api.get(url), api.get("/api/v1/me/")):
        assert response["Cache-Control"] == "private, no-cache"
        assert {"Cookie", "Authorization"} <= {v.strip() for v in response["Vary"].split(",")}
    session = Client()
    session.force_login(leader)
    assert session.get(url)["Cache-Control"] == "private, no-cache"


@pytest.fixture
def low_rates(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            "token": "3/minute",
            "person": "3/minute",
            "address": "2/minute",
        },
    }


def test_a_visitor_past_the_limit_gets_429_with_retry_after(client, low_rates, db):
    assert [client.get("/api/v1/networks/").status_code for _ in range(2)] == [200, 200]
    refused = client.get("/api/v1/networks/")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert refused.json()["detail"].startswith("Zbyt wiele zapytań")


def test_each_token_has_its_own_limit(low_rates, db):
    person = ProfileFactory().user
    first, _created = token_client(person)
    second, _created = token_client(person, name="Drugi")
    assert [first.get("/api/v1/me/").status_code for _ in range(4)] == [200, 200, 200, 429]
    assert first.get("/api/v1/me/").has_header("Retry-After")
    assert second.get("/api/v1/me/").status_code == 200
    assert Client().get("/api/v1/networks/").status_code == 200  # the address is not the token


def test_requests_in_parallel_never_pass_more_than_the_rate(low_rates, db):
    """Eight threads asking at once with one token: three pass, the rest are refused (DRF's
    own throttle, which writes back a list it read, let them all through)."""
    import threading

    from rest_framework.test import APIRequestFactory

    from api.throttling import TokenRateThrottle

    _client, created = token_client(ProfileFactory().user)
    request = APIRequestFactory().get("/api/v1/me/")
    request.auth = created.token
    allowed, start = [], threading.Barrier(8)

    def ask():
        start.wait()
        for _ in range(5):
            allowed.append(TokenRateThrottle().allow_request(request, None))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert allowed.count(True) == 3 and len(allowed) == 40


def test_a_missing_object_is_a_404_that_names_no_model(client, db):
    missing = client.get("/api/v1/practices/nie-ma-takiej/")
    assert missing.status_code == 404 and missing.json() == {"detail": "Nie znaleziono."}


def test_the_api_answers_in_the_language_the_request_accepts(client, db):
    """Polish first; English when the request asks for it (the pages' language is their
    address's, and an API address has none)."""
    missing = "/api/v1/practices/nie-ma-takiej/"
    polish = client.get(missing)
    assert polish.json() == {"detail": "Nie znaleziono."} and polish["Content-Language"] == "pl"
    english = client.get(missing, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert english.json() == {"detail": "Not found."} and english["Content-Language"] == "en"
    assert "Accept-Language" in {v.strip() for v in english["Vary"].split(",")}
    assert client.get(missing, HTTP_ACCEPT_LANGUAGE="de").json() == polish.json()
    assert client.get(missing, HTTP_ACCEPT_LANGUAGE="de, en;q=0.5").json() == english.json()
    # DRF's own messages too, and the throttle's
    visitor = client.get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="en").json()["detail"]
    assert visitor == "Authentication credentials were not provided."
    assert client.get("/api/v1/me/").json()["detail"] != visitor
    # The pages keep their address's language.
    assert '<html lang="pl">' in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_the_api_root_lists_the_endpoints(client, db):
    root = client.get("/api/v1/")
    assert root.status_code == 200 and root["Content-Type"] == "application/json"
    index = root.json()
    assert index["practices"] == "http://testserver/api/v1/practices/"
    assert index["me"] == "http://testserver/api/v1/me/"
    assert {"networks", "cities", "results", "meeting-reports", "me/meetings", "schema",
            "docs"} <= set(index)  # fmt: skip
    assert {url: client.get(url).status_code for url in index.values()} == {
        url: 401 if "/me/" in url else 200 for url in index.values()
    }


@pytest.mark.parametrize(
    "path", ["/api", "/api/", "/api/v2/practices/", "/api/v1/nie-ma/", "/api/v1/practices/a/b/"]
)
def test_an_address_under_api_that_no_route_takes_is_a_json_404(client, db, path):
    polish = client.get(path)
    assert polish.status_code == 404 and polish["Content-Type"] == "application/json"
    assert polish.json() == {"detail": "Nie znaleziono."}
    assert client.get(path, HTTP_ACCEPT_LANGUAGE="en").json() == {"detail": "Not found."}


def test_the_pages_keep_their_404_page_and_api_addresses_their_slash(client, db):
    page = client.get("/nie-ma-takiej-strony/")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")
    assert client.get("/api/v1/networks")["Location"] == "/api/v1/networks/"


@pytest.mark.parametrize(
    "query",
    [{"is_zmp_member": "maybe"}, {"is_zmp_member": "tak"}, {"voivodeship": "mazowsze"},
     {"unit_type": "wies"}, {"programme_status": "zwyciezca"}],
)  # fmt: skip
def test_a_city_filter_value_that_is_none_of_its_own_is_a_400_naming_it(client, db, query):
    refused = client.get("/api/v1/cities/", query)
    assert refused.status_code == 400 and list(refused.json()) == list(query)


def test_the_city_lists_membership_filter_reads_true_and_false(client, db):
    CityFactory(slug="czlonek", is_zmp_member=True)
    CityFactory(slug="spoza", is_zmp_member=False)

    def slugs(value):
        return {
            c["slug"]
            for c in client.get("/api/v1/cities/", {"is_zmp_member": value}).json()["results"]
        }

    assert slugs("true") == slugs("1") == slugs("True") == {"czlonek"}
    assert slugs("false") == slugs("0") == {"spoza"}
    assert slugs("") == {"czlonek", "spoza"}
    maybe = {"is_zmp_member": "maybe"}
    assert client.get("/api/v1/cities/", maybe).json() == {
        "is_zmp_member": ["Podaj true albo false."]
    }
    english = client.get("/api/v1/cities/", maybe, HTTP_ACCEPT_LANGUAGE="en").json()
    assert english == {"is_zmp_member": ["Give true or false."]}


def test_too_many_parameters_are_a_400_in_json_under_the_api_and_a_page_elsewhere(client):
    """Django refuses more than DATA_UPLOAD_MAX_NUMBER_FIELDS parameters before any view: the
    API answers it as it answers every error, the portal with its own page."""
    many = "&".join(f"f{n}=1" for n in range(1500))
    api = client.get(f"/api/v1/practices/?{many}")
    assert api.status_code == 400 and api["Content-Type"].startswith("application/json")
    assert "zbyt wiele parametrów" in api.json()["detail"]
    page = client.get(f"/praktyki/?{many}")
    assert page.status_code == 400 and page["Content-Type"].startswith("text/html")
