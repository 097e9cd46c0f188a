"""The practices endpoint: what the practice list shows the same person, with its filters and
search, in pages of 50 in a stable order; bad parameters are a 400 that says what is wrong."""

import re

from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse

from tests.api.conftest import practice, token_client
from tests.factories import CityFactory

LIST = "/api/v1/practices/"


def slugs(response):
    return [row["slug"] for row in response.json()["results"]]


def test_a_visitor_gets_published_unrestricted_practices_with_their_card(client, practices):
    response = client.get(LIST)
    assert response.status_code == 200
    assert slugs(response) == ["rower-miejski"]
    row = response.json()["results"][0]
    assert row["category"]["name"] == "Usługi społeczne"
    assert row["tags"] == ["transport"]
    assert row["networks"][0]["slug"] == "miasto-cyfrowe"
    assert row["transfers"][0]["city"] == {"slug": "bochnia", "name": "Bochnia"}
    assert row["page"].endswith(reverse("practices:detail", args=["rower-miejski"]))
    assert client.get(f"{LIST}tajna/").status_code == 404
    assert client.get(f"{LIST}szkic/").status_code == 404


def test_a_verified_leader_also_gets_the_leaders_practice(practices, leader):
    api, _created = token_client(leader)
    assert sorted(slugs(api.get(LIST))) == ["rower-miejski", "tajna"]
    detail = api.get(f"{LIST}tajna/")
    assert detail.status_code == 200
    assert "presentation" in detail.json() and "contacts" in detail.json()


def test_the_author_of_a_draft_does_not_get_it_here(practices, staff):
    practices["draft"].author = staff
    practices["draft"].save()
    api, _created = token_client(staff)
    assert "szkic" not in slugs(api.get(LIST))


def test_filters_and_search_are_the_list_pages(client, category, practices):
    krakow = CityFactory(name="Kraków", slug="krakow", voivodeship="malopolskie")
    practice(category, title="Budżet obywatelski", slug="budzet", city=krakow)
    from practices import services

    for made in practices.values():
        services.search_index(made)
    from practices.models import Practice

    services.search_index(Practice.objects.get(slug="budzet"))
    assert slugs(client.get(LIST, {"q": "rower"})) == ["rower-miejski"]
    assert slugs(client.get(LIST, {"q": "tajna"})) == []
    assert slugs(client.get(LIST, {"city": "krakow"})) == ["budzet"]


def test_bad_parameters_are_a_400_that_says_what_is_wrong(client, practices):
    for query in [{"year": "abc"}, {"voivodeship": "atlantyda"}, {"category": "x"},
                  {"page": "abc"}, {"page": "99"}, {"population": "<script>"}]:  # fmt: skip
        response = client.get(LIST, query)
        assert response.status_code == 400, (query, response.content)
        (name,) = response.json()
        assert name in query and response.json()[name][0]
    assert client.get(LIST, {"q": "rower\x00"}).status_code in (200, 400)
    assert client.get(LIST, {"q": "x" * 5000}).status_code == 400


def test_pages_of_50_in_a_stable_order_cover_every_practice_once(client, category):
    city = CityFactory()
    made = [practice(category, title=f"Praktyka {n}", slug=f"p-{n}", city=city) for n in range(70)]
    from practices.models import Practice

    same = made[0].published_at
    Practice.objects.update(published_at=same)  # a tie everywhere: the id decides
    first, second = client.get(LIST).json(), client.get(LIST, {"page": 2}).json()
    assert first["count"] == 70 and len(first["results"]) == 50
    seen = [row["slug"] for row in first["results"] + second["results"]]
    assert sorted(seen) == sorted(p.slug for p in made)
    assert client.get(LIST).json() == first


def test_a_session_reads_it_too(practices, leader):
    client = Client()
    client.force_login(leader)
    assert "tajna" in slugs(client.get(LIST))


def test_the_written_out_card_is_what_the_model_serializer_gives(practices, leader):
    """PracticeSerializer writes its fields out for speed: it must say exactly what DRF's
    ModelSerializer says of the same declared fields (the schema's measure), a sub-category,
    a contact and a practice without a date or network included."""
    from rest_framework import serializers
    from rest_framework.test import APIRequestFactory

    from api import selectors
    from api.serializers import PracticeDetailSerializer, PracticeSerializer
    from practices.models import Category

    child = Category.objects.create(name="Rowery", slug="rowery", parent=practices["open"].category)
    practices["open"].category = child
    practices["open"].inhabitants = 120_000
    practices["open"].website = "https://rower.example.pl"
    practices["open"].save()
    practices["restricted"].contacts.create(name="Jan Nowak", phone="+48 12 345 67 89",
                                            email="jan@example.pl")  # fmt: skip
    request = APIRequestFactory().get(LIST)
    for serializer_class, card in ((PracticeSerializer, False), (PracticeDetailSerializer, True)):
        for row in selectors.published_practices(leader, card=card):
            serializer = serializer_class(row, context={"request": request})
            written_out = serializer.to_representation(row)
            generic = serializers.ModelSerializer.to_representation(serializer, row)
            assert written_out == generic
            assert list(written_out) == list(generic)  # the same order of fields too


def test_a_search_ranks_narrow_rows_read_from_the_search_index(client, practices):
    """A common word matches thousands of practices, all ranked before the first 50 are
    taken: the rows ranked carry no long text or vector, and the index is read rather than
    every row's out-of-line vector (sequential scans off for that answer alone)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from practices import services

    for made in practices.values():
        services.search_index(made)
    with CaptureQueriesContext(connection) as queries:
        assert slugs(client.get(LIST, {"q": "rower"})) == ["rower-miejski"]
    statements = [query["sql"] for query in queries.captured_queries]
    assert "SET LOCAL enable_seqscan = off" in statements
    ranked = next(sql for sql in statements if "ts_rank" in sql)
    columns = re.sub(r"ts_rank\([^)]*\)", "", ranked.split(" FROM ")[0])
    for wide in ("presentation", "search_vector", "rank_vector", "review_comment"):
        assert f'"practices_practice"."{wide}"' not in columns
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_seqscan")
        assert cursor.fetchone()[0] == "on"  # only that answer's transaction


def test_a_search_reaches_its_matches_by_the_published_practices_own_index(practices):
    """The published practices' search index: without it PostgreSQL reached a common word's
    matches at national scale through a status index and read every published row's
    out-of-line vector to test the match (49 ms; this index: 12)."""
    from django.db import connection

    from api import selectors
    from practices import services
    from practices.filters import PracticeFilter
    from practices.models import Practice
    from search.query import index_preferred

    for made in practices.values():
        services.search_index(made)
    model = practices["open"]
    Practice.objects.bulk_create(
        Practice(title=f"Inna {n}", slug=f"inna-{n}", category_id=model.category_id,
                 city_id=model.city_id, status=model.status, published_at=model.published_at)
        for n in range(1500)
    )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE practices_practice SET search_vector = to_tsvector('simple', title), "
            "rank_vector = to_tsvector('simple', title) WHERE slug LIKE 'inna-%%'"
        )
        cursor.execute("ANALYZE practices_practice")
    visitor = AnonymousUser()
    rows = PracticeFilter(
        {"q": "rower"}, queryset=selectors.published_practices(visitor), user=visitor
    ).qs
    with index_preferred():
        plan = rows.explain()
    assert "practice_published_search" in plan, plan
