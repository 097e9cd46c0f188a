"""Practice attachments (the third view), and the map of practices with its table."""

import io
import re
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.choices import Function
from networks.choices import NetworkKind
from practices import services
from practices.map import HEIGHT, WIDTH, projected, voivodeship_borders_path
from practices.models import Category, Practice, PracticeAttachment
from tests.factories import CityFactory, NetworkFactory, ParticipationFactory, ProfileFactory
from tests.practices.test_practices import published

pytestmark = pytest.mark.django_db


@pytest.fixture
def category():
    return Category.objects.create(name="Usługi społeczne", slug="uslugi-spoleczne")


def pdf(name="opis.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n")


def docx_package():
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<w:document/>")
    return data.getvalue()


def draft_of(author, category, title="Szkic z załącznikami"):
    return services.practice_save(by=author, title=title, category=category, summary="S")


def test_the_author_adds_checked_documents_and_readers_download_them(client, category):
    author = ProfileFactory().user
    practice = draft_of(author, category)
    client.force_login(author)
    url = reverse("practices:attachments", args=[practice.slug])
    response = client.post(url, {"title": "Opis projektu", "file": pdf()})
    assert response.status_code == 302
    client.post(url, {"title": "Budżet", "file": SimpleUploadedFile("b.docx", docx_package())})
    assert list(practice.attachments.values_list("kind", flat=True)) == ["pdf", "docx"]
    # A script renamed to .pdf is refused by its content, and the title typed stays.
    refused = client.post(url, {"title": "Podrzutek", "file": SimpleUploadedFile(
        "zly.pdf", b"<script>alert(1)</script>")})  # fmt: skip
    assert refused.status_code == 200
    assert refused.context["form"].errors["file"]
    assert 'value="Podrzutek"' in refused.content.decode()
    attachment = practice.attachments.get(kind="pdf")
    download = client.get(reverse("practices:attachment_file", args=[practice.slug, attachment.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    # Another city's employee cannot add to it, nor see the draft's files.
    client.force_login(ProfileFactory().user)
    assert client.post(url, {"title": "X", "file": pdf()}).status_code == 404
    assert (
        client.get(
            reverse("practices:attachment_file", args=[practice.slug, attachment.pk])
        ).status_code
        == 404
    )


def test_removing_an_attachment_asks_first(client, category, django_capture_on_commit_callbacks):
    author = ProfileFactory().user
    practice = draft_of(author, category)
    attachment = services.attachment_add(
        practice_id=practice.pk, by=author, upload=pdf(), title="Opis"
    )
    stored = attachment.file.name
    storage = attachment.file.storage
    url = reverse("practices:attachment_delete", args=[practice.slug, attachment.pk])
    client.force_login(ProfileFactory().user)
    assert client.post(url).status_code == 404  # outsiders do not even see the draft
    client.force_login(author)
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Opis" in confirm.content.decode()
    assert PracticeAttachment.objects.filter(pk=attachment.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    assert not PracticeAttachment.objects.filter(pk=attachment.pk).exists()
    assert not storage.exists(stored)


def test_a_restricted_practice_keeps_its_files_inside(client, category):
    leaders = NetworkFactory(kind=NetworkKind.LEADERS)
    secret = published(category, title="Poufna", networks=[leaders], restricted_to_networks=True)
    administrator = ProfileFactory(user__is_superuser=True).user  # a published practice's files
    attachment = services.attachment_add(
        practice_id=secret.pk, by=administrator, upload=pdf(), title="Plan"
    )
    file_url = reverse("practices:attachment_file", args=[secret.slug, attachment.pk])
    assert client.get(file_url).status_code == 404
    client.force_login(ProfileFactory(function=Function.MAYOR, verified=False).user)
    assert client.get(file_url).status_code == 404
    mayor = ProfileFactory(function=Function.MAYOR, verified=True)
    ParticipationFactory(network=leaders, person=mayor.user, city=mayor.city)
    client.force_login(mayor.user)
    assert client.get(file_url).status_code == 200


def test_the_map_places_cities_and_lists_them_in_a_table(client, category):
    krakow = CityFactory(name="Kraków", latitude=Decimal("50.0614"), longitude=Decimal("19.9366"))
    gdansk = CityFactory(name="Gdańsk", latitude=Decimal("54.3520"), longitude=Decimal("18.6466"))
    published(category, title="Praktyka krakowska", city=krakow)
    published(category, title="Druga krakowska", city=krakow)
    published(category, title="Gdańska", city=gdansk)
    leaders = NetworkFactory(kind=NetworkKind.LEADERS)
    hidden_city = CityFactory(name="Ukryte", latitude=Decimal("52.0"), longitude=Decimal("21.0"))
    published(category, title="Liderska", city=hidden_city, networks=[leaders],
              restricted_to_networks=True)  # fmt: skip
    response = client.get(reverse("practices:map"))
    page = response.content.decode()
    points = {point.name: point for point in response.context["figures"]["points"]}
    assert set(points) == {"Kraków", "Gdańsk"}  # the closed network's city is not on it
    assert "Ukryte" not in page
    assert points["Kraków"].practices == 2 and points["Kraków"].radius > points["Gdańsk"].radius
    # Gdańsk is north of Kraków: higher on the drawing; both inside it.
    assert points["Gdańsk"].y < points["Kraków"].y
    for point in points.values():
        assert 0 < point.x < WIDTH and 0 < point.y < HEIGHT
    assert "<table" in page and "<caption>" in page
    # A click on a city filters the list to it.
    link = f"city={krakow.slug}"
    assert link in page
    titles = [
        p.title for p in client.get(reverse("practices:list") + "?" + link).context["practices"]
    ]
    assert sorted(titles) == ["Druga krakowska", "Praktyka krakowska"]


def test_the_map_follows_the_filters(client, category):
    krakow = CityFactory(name="Kraków", latitude=Decimal("50.06"), longitude=Decimal("19.94"))
    published(category, title="Rower miejski", city=krakow)
    published(category, title="Ogrody", city=CityFactory(name="Łomża"))
    response = client.get(reverse("practices:map"), {"q": "rower"})
    assert [p.name for p in response.context["figures"]["points"]] == ["Kraków"]
    assert response.context["figures"]["total"] == 1


def test_the_map_counts_a_practice_of_two_networks_once(client, category):
    """Counted on the visible rows themselves: a practice of two networks, seen through both
    and filtered by one, is still one practice of its city."""
    first, second = NetworkFactory(), NetworkFactory()
    city = CityFactory(name="Płock", latitude=Decimal("52.55"), longitude=Decimal("19.70"))
    published(category, title="Wspólna", city=city, networks=[first, second],
              restricted_to_networks=True)  # fmt: skip
    member = ProfileFactory(city=city).user
    ParticipationFactory(network=first, person=member, city=city)
    ParticipationFactory(network=second, person=member, city=city)
    client.force_login(member)
    for query in ({}, {"network": first.pk}):
        figures = client.get(reverse("practices:map"), query).context["figures"]
        assert [(p.name, p.practices) for p in figures["points"]] == [("Płock", 1)]
        assert figures["total"] == 1
    page = client.get(reverse("practices:map")).content.decode()
    assert "<title>Płock: 1 praktyka</title>" in page  # the link's name, in Polish


def test_the_outline_is_poland():
    west, north = projected(14.12, 54.84)  # the far north-west corner, near Świnoujście
    east, south = projected(24.15, 49.0)
    assert 0 <= west < east <= WIDTH and 0 <= north < south <= HEIGHT


def test_the_voivodeships_borders_are_drawn_inside_poland(client, category):
    """Sixteen voivodeships need at least fifteen borders between them; every point of them
    lies on the map, and the page draws them behind the cities."""
    lines = voivodeship_borders_path().split("M")[1:]
    assert len(lines) >= 15
    for line in lines:
        for point in line.split("L"):
            x, y = map(float, point.split(","))
            assert 0 <= x <= WIDTH and 0 <= y <= HEIGHT
    # The border of Masovia and Łódź voivodeships runs between Warsaw and Łódź.
    warsaw, lodz = projected(21.01, 52.23), projected(19.46, 51.76)
    points = [tuple(map(float, p.split(","))) for line in lines for p in line.split("L")]
    assert any(lodz[0] < x < warsaw[0] and warsaw[1] < y < lodz[1] for x, y in points)
    # and none cuts through Warsaw's own neighbourhood
    assert not any(abs(x - warsaw[0]) < 10 and abs(y - warsaw[1]) < 10 for x, y in points)
    published(category, title="Na mapie", city=CityFactory(latitude=52.4, longitude=16.9))
    page = client.get(reverse("practices:map")).content.decode()
    assert re.search(r'<path d="M[^"]+" class="practice-map__borders" aria-hidden="true"/>', page)
    assert page.index("practice-map__borders") < page.index("<circle")


def test_map_queries_do_not_grow_with_cities(
    uncached_fragments,
    client,
    category,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):
    published(category, title="Jedna", city=CityFactory())
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("practices:map"))
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(12):
            published(category, title=f"Kolejna {number}", city=CityFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get(reverse("practices:map")).context["figures"]["points"]) == 13


def test_the_cached_map_changes_with_the_practices_and_is_never_shared_with_insiders(
    client, category, django_capture_on_commit_callbacks
):
    """Visitors share one cached map per filter; it is renewed when a practice changes; those
    who see the leaders' network get theirs computed, and their view never reaches the cache."""
    url = reverse("practices:map")
    leaders = NetworkFactory(kind=NetworkKind.LEADERS)
    with django_capture_on_commit_callbacks(execute=True):
        published(category, title="Jawna", city=CityFactory(name="Jawne"))
        published(category, title="Poufna", city=CityFactory(name="Tajne"), networks=[leaders],
                  restricted_to_networks=True)  # fmt: skip
    mayor = ProfileFactory(function=Function.MAYOR, verified=True)
    ParticipationFactory(network=leaders, person=mayor.user, city=mayor.city)
    client.force_login(mayor.user)
    assert {p.name for p in client.get(url).context["figures"]["points"]} == {"Jawne", "Tajne"}
    client.logout()
    assert {p.name for p in client.get(url).context["figures"]["points"]} == {"Jawne"}
    assert_map_from_the_cache(client, url)  # the next visitor
    with django_capture_on_commit_callbacks(execute=True):
        published(category, title="Nowa", city=CityFactory(name="Nowe"))
    assert {p.name for p in client.get(url).context["figures"]["points"]} == {"Jawne", "Nowe"}
    with django_capture_on_commit_callbacks(execute=True):
        Practice.objects.get(title="Nowa").delete()
    assert {p.name for p in client.get(url).context["figures"]["points"]} == {"Jawne"}


def assert_map_from_the_cache(client, url):
    """The page comes without running the map's aggregate (a COUNT by city) again."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    assert not [q for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
