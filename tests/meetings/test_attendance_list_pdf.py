"""The attendance list to sign at the door: a PDF of the registered people by city (in Polish
order), with their function, how they take part and room to sign; for the coordinators."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from accounts.choices import Function
from meetings.documents import attendance_groups
from meetings.models import Registration
from tests.factories import CityFactory, ParticipationFactory, ProfileFactory
from tests.meetings.test_certificates import pl, text_of_pdf
from tests.meetings.test_scheduling import make_meeting

pytestmark = pytest.mark.django_db


def registered(meeting, *, city, first_name, last_name, function=Function.STAFF, mode="in_person"):
    profile = ProfileFactory(
        city=city, function=function, user__first_name=first_name, user__last_name=last_name
    )
    ParticipationFactory(network=meeting.network, person=profile.user, city=city)
    return Registration.objects.create(meeting=meeting, person=profile.user, mode=mode)


def test_the_list_groups_people_by_city_in_polish_order_with_room_to_sign(
    client, network, coordinator
):
    starts_at = timezone.now() + dt.timedelta(days=3)
    meeting = make_meeting(
        network, coordinator, topic="Zieleń w mieście", starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=4), host_city=CityFactory(name="Łomża"),
    )  # fmt: skip
    zarow, lomza, lubin = (CityFactory(name=n) for n in ("Żarów", "Łomża", "Lubin"))
    registered(meeting, city=zarow, first_name="Łucja", last_name="Żółtowska")
    registered(meeting, city=lomza, first_name="Grzegorz", last_name="Brzęczyszczykiewicz",
               function=Function.MAYOR)  # fmt: skip
    registered(meeting, city=lubin, first_name="Anna", last_name="Zając", mode="online")
    registered(meeting, city=lubin, first_name="Anna", last_name="Ćwik")
    staff = ProfileFactory(city=None, user__first_name="Ewa", user__last_name="Ząbek").user
    Registration.objects.create(meeting=meeting, person=staff, mode="in_person")

    client.force_login(coordinator)
    detail = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    url = reverse("meetings:attendance_list_pdf", args=[meeting.pk])
    assert url == f"/spotkania/{meeting.pk}/lista-obecnosci.pdf" and url in detail
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert f"lista-obecnosci-{meeting.pk}.pdf" in response["Content-Disposition"]
    text = text_of_pdf(response.content)
    for column in ("No.", "Full name", "Function", "Taking part", "Signature"):
        assert pl(column) in text
    assert "Zieleń w mieście" in text and network.name in text and "Łomża" in text
    # Lubin before Łomża before Żarów; ZMP's people last; people by surname within a city.
    order = ["Lubin", "Anna Ćwik", "Anna Zając", "Łomża", "Grzegorz Brzęczyszczykiewicz",
             "Żarów", "Łucja Żółtowska", pl("ZMP / no city"), "Ewa Ząbek"]  # fmt: skip
    positions = [text.index(item, text.index(pl("Signature"))) for item in order]
    assert positions == sorted(positions)
    with_mayor = pl(str(Function.MAYOR.label))
    assert with_mayor in text and pl("online") in text
    reader = PdfReader(io.BytesIO(response.content))
    assert reader.metadata.title.startswith(pl("Attendance list"))
    assert reader.trailer["/Root"]["/Lang"] == "pl"


def test_a_long_list_repeats_its_header_on_each_page_in_fixed_queries(
    client, network, coordinator, uncached_fragments, django_assert_max_num_queries
):
    meeting = make_meeting(network, coordinator)
    cities = [CityFactory() for _ in range(4)]
    for n in range(3):
        registered(meeting, city=cities[n % 4], first_name="Anna", last_name=f"Nowak{n}")
    client.force_login(coordinator)
    url = reverse("meetings:attendance_list_pdf", args=[meeting.pk])
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for n in range(3, 60):
        registered(meeting, city=cities[n % 4], first_name="Anna", last_name=f"Nowak{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    pages = PdfReader(io.BytesIO(response.content)).pages
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        text = page.extract_text()
        assert pl("Signature") in text and pl("Full name") in text
        assert pl("Page %(page)s of %(pages)s") % {"page": number, "pages": len(pages)} in text
    assert all(f"Anna Nowak{n}" in text_of_pdf(response.content) for n in range(60))


def test_groups_without_people_and_an_empty_list():
    assert attendance_groups([]) == []


def test_only_the_networks_coordinators_print_it(client, network, coordinator):
    meeting = make_meeting(network, coordinator)
    member = registered(meeting, city=CityFactory(), first_name="Anna", last_name="Nowak").person
    client.force_login(member)
    assert client.get(reverse("meetings:attendance_list_pdf", args=[meeting.pk])).status_code == 404
    client.force_login(coordinator)
    page = client.get(reverse("meetings:attendance", args=[meeting.pk]))
    assert page.status_code == 200
