"""The good-practice database: writing and review, visibility, search without diacritics,
filters, related practices and transfers between cities."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Function, NotificationKind
from accounts.models import Notification
from cities.choices import UnitType, Voivodeship
from networks.choices import NetworkKind, Role
from practices import services
from practices.choices import PracticeStatus
from practices.models import Category, Practice
from tests.factories import CityFactory, NetworkFactory, ParticipationFactory, ProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def category():
    return Category.objects.create(name="Usługi społeczne", slug="uslugi-spoleczne")


def published(category, *, title, city=None, summary="Skrót", presentation="", **fields):
    """A published practice of a new author, named by (and restricted to) any networks, as
    ZMP's staff may set them in the admin, whoever wrote it."""
    author = ProfileFactory(**({"city": city} if city else {})).user
    networks = fields.pop("networks", ())
    restricted = fields.pop("restricted_to_networks", False)
    practice = services.practice_save(
        by=author, title=title, category=category, summary=summary, presentation=presentation,
        **fields,
    )  # fmt: skip
    practice.networks.set(networks)
    Practice.objects.filter(pk=practice.pk).update(
        status=PracticeStatus.PUBLISHED, published_at=timezone.now(),
        restricted_to_networks=restricted,
    )  # fmt: skip
    practice.refresh_from_db()
    return practice


def titles(client, **query):
    response = client.get(reverse("practices:list"), query)
    assert response.status_code == 200
    return [practice.title for practice in response.context["practices"]]


def test_search_ignores_diacritics_and_case_and_ranks_the_title_first(client, category):
    lodz = published(category, title="Łódzkie centrum usług", summary="Dla mieszkańców Łodzi.")
    published(category, title="Rower miejski", summary="Stacje także w Łodzi i w Żywcu.")
    published(category, title="Ogrody społecznościowe", summary="Zieleń.")
    assert titles(client, q="lodzkie") == [lodz.title]
    found = titles(client, q="LODZI")
    assert set(found) == {"Łódzkie centrum usług", "Rower miejski"}
    assert titles(client, q="zywcu") == ["Rower miejski"]
    assert titles(client, q="żywcu") == ["Rower miejski"]
    page = client.get(reverse("practices:list"), {"q": "lodzi"}).content.decode()
    assert "Znaleziono 2 praktyki" in page


def test_filters_combine_with_search(client, category):
    small = CityFactory(name="Nisko", population=15_000, voivodeship=Voivodeship.PODKARPACKIE)
    big = CityFactory(name="Tarnów", population=105_000, voivodeship=Voivodeship.MALOPOLSKIE,
                      unit_type=UnitType.CITY_COUNTY)  # fmt: skip
    published(category, title="Budżet obywatelski", city=small)
    published(category, title="Budżet obywatelski online", city=big)
    assert titles(client, q="budzet", population="small") == ["Budżet obywatelski"]
    assert titles(client, q="budzet", voivodeship=Voivodeship.MALOPOLSKIE) == [
        "Budżet obywatelski online"
    ]
    assert titles(client, unit_type=UnitType.CITY_COUNTY) == ["Budżet obywatelski online"]
    parent = Category.objects.create(name="Rozwój instytucjonalny", slug="ri")
    child = Category.objects.create(name="Partnerstwo", slug="partnerstwo", parent=parent)
    published(child, title="Partnerstwo miast")
    assert titles(client, category=parent.pk) == ["Partnerstwo miast"]
    assert titles(client, year=timezone.now().year, q="partnerstwo") == ["Partnerstwo miast"]


@pytest.mark.parametrize(
    "query", [{"year": "dwa tysiące"}, {"population": "huge"}, {"q": "x" * 500}]
)
def test_malformed_search_says_so_without_failing(client, query):
    response = client.get(reverse("practices:list"), query)
    assert response.status_code == 200 and response.context["filter"].errors


def test_a_practice_restricted_to_the_leaders_network_stays_there(client, category):
    leaders = NetworkFactory(kind=NetworkKind.LEADERS)
    secret = published(category, title="Poufna praktyka liderów", networks=[leaders],
                       restricted_to_networks=True)  # fmt: skip
    assert titles(client, q="poufna") == []
    assert client.get(reverse("practices:detail", args=[secret.slug])).status_code == 404
    mayor = ProfileFactory(function=Function.MAYOR, verified=True)
    ParticipationFactory(network=leaders, person=mayor.user, city=mayor.city)
    client.force_login(mayor.user)
    assert titles(client, q="poufna") == [secret.title]


def test_drafts_are_reviewed_and_the_author_is_told(category):
    author = ProfileFactory().user
    practice = services.practice_save(
        by=author, title="Nowa praktyka", category=category, summary="S", presentation="<p>P</p>",
        contacts=[{"name": "Anna", "phone": "123", "email": "anna@example.org"}],
    )  # fmt: skip
    assert practice.status == PracticeStatus.DRAFT and practice.city == author.profile.city
    reviewer = ParticipationFactory(role=Role.COORDINATOR, city=None).person
    with pytest.raises(ValidationError):  # not submitted yet
        services.practice_review(practice_id=practice.pk, by=reviewer, publish=True)
    services.practice_submit(practice_id=practice.pk, by=author)
    with pytest.raises(PermissionDenied):
        services.practice_review(practice_id=practice.pk, by=ProfileFactory().user, publish=True)
    with pytest.raises(ValidationError):
        services.practice_review(practice_id=practice.pk, by=reviewer, publish=False)
    services.practice_review(
        practice_id=practice.pk, by=reviewer, publish=False, comment="Dodaj koszty."
    )
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.CHANGES_REQUESTED
    services.practice_submit(practice_id=practice.pk, by=author)
    services.practice_review(practice_id=practice.pk, by=reviewer, publish=True)
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.PUBLISHED and practice.published_at
    assert [(n.title, n.body) for n in Notification.objects.filter(
        recipient=author, kind=NotificationKind.PRACTICE_REVIEWED
    ).order_by("pk")] == [
        ("Prośba o zmiany w Twojej praktyce: Nowa praktyka", "Dodaj koszty."),
        ("Twoja praktyka została opublikowana: Nowa praktyka", ""),
    ]  # fmt: skip


def test_the_presentation_is_sanitised(category):
    practice = published(
        category, title="T", presentation='<p>OK</p><script>x()</script><iframe src="x">'
    )
    practice.refresh_from_db()
    assert practice.presentation == "<p>OK</p>"


def test_transfers_show_where_a_practice_travelled(client, category):
    practice = published(category, title="Karta seniora")
    adopter = ProfileFactory()
    client.force_login(adopter.user)
    response = client.post(
        reverse("practices:transfer", args=[practice.slug]),
        {"kind": "adapted", "note": "Dla dzieci."},
    )
    assert response.status_code == 302
    page = client.get(reverse("practices:detail", args=[practice.slug])).content.decode()
    assert adopter.city.name in page and "Dla dzieci." in page
    city_page = client.get(reverse("cities:detail", args=[adopter.city.slug])).content.decode()
    assert "Karta seniora" in city_page
    again = client.post(reverse("practices:transfer", args=[practice.slug]), {"kind": "adopted"})
    assert again.status_code == 200 and again.context["form"].non_field_errors()


def test_related_practices_come_from_similar_cities(category):
    base = published(category, title="Baza", city=CityFactory(population=30_000))
    alike = published(category, title="Podobna", city=CityFactory(population=45_000))
    published(category, title="Inna wielkość", city=CityFactory(population=150_000))
    published(Category.objects.create(name="Inna", slug="inna"), title="Inna kategoria",
              city=CityFactory(population=30_000))  # fmt: skip
    from practices.selectors import related_practices

    assert [p.title for p in related_practices(base, ProfileFactory().user)] == [alike.title]


def test_list_queries_do_not_grow_with_practices(
    uncached_fragments, client, category, django_assert_max_num_queries
):
    published(category, title="Pierwsza")
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("practices:list"), {"q": "pierwsza"})
    for number in range(15):
        published(category, title=f"Pierwsza {number}", city=CityFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("practices:list"), {"q": "pierwsza"})
    assert response.context["paginator"].count == 16


def test_a_wrong_postal_code_is_named_at_its_field(client, category):
    """The form says it at the field, in words, and keeps what was typed."""
    client.force_login(ProfileFactory().user)
    response = client.post(
        reverse("practices:create"),
        {"title": "Rowery miejskie", "category": category.pk, "summary": "Skrót",
         "postal_code": "12345"},
    )  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200 and "practice_postal_code_format" not in page
    assert "postal_code" in response.context["form"].errors
    assert 'value="Rowery miejskie"' in page


def test_a_search_too_long_is_refused_at_its_field_not_answered_with_everything(client, category):
    published(category, title="Żłobek na osiedlu")
    long_query = "żłobek " * 800
    for name in ("practices:list", "practices:map"):
        page = client.get(reverse(name), {"q": long_query}).content.decode()
        assert "co najwyżej 200 znaków" in page
        assert "Żłobek na osiedlu" not in page
        assert "Popraw wyszukiwanie powyżej" in page
    assert titles(client, q="żłobek") == ["Żłobek na osiedlu"]


def test_a_practice_is_restricted_only_to_the_authors_own_networks(client, category):
    """Restricted to a network its author is not in, it would be hidden from its own author:
    the form says so at the networks, and the service refuses it."""
    network, leaders = NetworkFactory(name="SIEĆ AUTORA"), NetworkFactory(kind=NetworkKind.LEADERS)
    profile = ProfileFactory()
    author = ParticipationFactory(network=network, person=profile.user, city=profile.city).person
    with pytest.raises(ValidationError):
        services.practice_save(
            by=author, title="Poufna", category=category, summary="S", networks=[leaders],
            restricted_to_networks=True,
        )  # fmt: skip
    client.force_login(author)
    page = client.post(reverse("practices:create"), {
        "title": "Poufna", "category": category.pk, "summary": "S", "presentation": "",
        "networks": [leaders.pk], "restricted_to_networks": "on",
    }).content.decode()  # fmt: skip
    assert "Błąd:" in page and "sieci, w których uczestniczysz" in page
    assert not Practice.objects.filter(title="Poufna").exists()
    practice = services.practice_save(
        by=author, title="Moja", category=category, summary="S", networks=[network],
        restricted_to_networks=True,
    )  # fmt: skip
    assert Practice.objects.visible_to(author).filter(pk=practice.pk).exists()


def test_a_summary_is_a_few_sentences_not_a_whole_story(client, category):
    from practices.forms import SUMMARY_MAX_LENGTH

    author = ProfileFactory().user
    client.force_login(author)
    response = client.post(reverse("practices:create"), {
        "title": "Długi skrót", "category": category.pk, "summary": "x" * (SUMMARY_MAX_LENGTH + 1),
        "presentation": "", "contacts-TOTAL_FORMS": "0", "contacts-INITIAL_FORMS": "0",
    })  # fmt: skip
    assert response.status_code == 200 and not Practice.objects.filter(title="Długi skrót")
    assert 'class="error-summary"' in response.content.decode()


def test_categories_are_listed_as_a_tree_each_sub_category_named_with_its_parent(client):
    from discussions.forms import ConvertForm
    from practices.forms import PracticeForm

    institutional = Category.objects.create(name="Rozwój instytucjonalny", slug="ri", position=2)
    Category.objects.create(name="Partnerstwo", slug="p", parent=institutional, position=1)
    Category.objects.create(name="Zarządzanie strategiczne", slug="zs", parent=institutional)
    Category.objects.create(name="Usługi społeczne", slug="us", position=0)
    Category.objects.create(name="Dialog społeczny", slug="ds", position=6)
    tree = [
        "Usługi społeczne",
        "Rozwój instytucjonalny",
        "Rozwój instytucjonalny › Zarządzanie strategiczne",
        "Rozwój instytucjonalny › Partnerstwo",
        "Dialog społeczny",
    ]
    for form in (PracticeForm(), ConvertForm()):
        assert [label for value, label in form.fields["category"].choices if value] == tree
    page = client.get(reverse("practices:list")).content.decode()
    select = page.split('name="category"')[1].split("</select>")[0]
    assert [line.split(">", 1)[1] for line in select.split("</option>")[1:-1]] == tree


def test_a_search_ranks_narrow_rows_read_from_the_search_index(client, category):
    """As the API's (tests/api/test_practices_api.py): a common word's matches are ranked
    from the search index, as rows without the presentation or the vectors, and sequential
    scans are off for that page's transaction alone."""
    import re

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    published(category, title="Rower miejski", presentation="<p>Długi opis stacji.</p>")
    with CaptureQueriesContext(connection) as queries:
        assert titles(client, q="rower") == ["Rower miejski"]
    statements = [query["sql"] for query in queries.captured_queries]
    assert "SET LOCAL enable_seqscan = off" in statements
    ranked = next(sql for sql in statements if "ts_rank" in sql and " LIMIT " in sql)
    columns = re.sub(r"ts_rank\([^)]*\)", "", ranked.split(" FROM ")[0])
    for wide in ("presentation", "search_vector", "rank_vector", "review_comment"):
        assert f'"practices_practice"."{wide}"' not in columns
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_seqscan")
        assert cursor.fetchone()[0] == "on"
