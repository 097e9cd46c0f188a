"""The cities × quarters picture: each member city's attendance by the quarters the network
met, the share of quarters, cities absent twice in a row; as a page, CSV and XLSX."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from meetings import selectors
from meetings.models import Meeting, Registration
from networks import successions
from networks.choices import ParticipationStatus
from networks.models import Participation
from tests.factories import CityFactory, ParticipationFactory, ProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


def held(network, months_ago):
    starts = timezone.now() - dt.timedelta(days=30 * months_ago)
    return Meeting.objects.create(
        network=network, topic=f"Spotkanie sprzed {months_ago} mies.", starts_at=starts,
        ends_at=starts + dt.timedelta(hours=3), format="online", online_url="https://x.pl/1",
    )  # fmt: skip


def member(network, city=None, *, joined=None):
    """A member of the network since `joined` (by default: before any meeting here)."""
    profile = ProfileFactory(**({"city": city} if city else {}))
    joined = joined or timezone.now() - dt.timedelta(days=3 * 365)
    return ParticipationFactory(
        network=network, person=profile.user, city=profile.city, applied_at=joined,
        decided_at=joined,
    ).person  # fmt: skip


def took_part(meeting, person, attended):
    Registration.objects.create(meeting=meeting, person=person, mode="online", attended=attended)


@pytest.fixture
def picture(network):
    """Three quarters of meetings; Bochnia came to all, Gorlice to the first only, Nisko
    registered for the last and did not come."""
    meetings = [held(network, months) for months in (7, 4, 1)]
    bochnia, gorlice, nisko = (CityFactory(name=n) for n in ("Bochnia", "Gorlice", "Nisko"))
    people = {city: member(network, city) for city in (bochnia, gorlice, nisko)}
    for meeting in meetings:
        took_part(meeting, people[bochnia], True)
    took_part(meetings[0], people[gorlice], True)
    took_part(meetings[-1], people[nisko], False)
    return network, meetings


def test_each_city_by_quarter_with_its_share_and_the_cities_at_risk(picture):
    network, meetings = picture
    quarters, rows = selectors.attendance_by_city(network)
    assert len(quarters) == 3
    by_name = {row.city.name: row for row in rows}
    assert by_name["Bochnia"].cells == ["present"] * 3 and by_name["Bochnia"].share == 100
    assert by_name["Gorlice"].cells == ["present", "none", "none"]
    assert by_name["Gorlice"].share == 33 and by_name["Gorlice"].at_risk
    assert by_name["Nisko"].cells == ["none", "none", "absent"] and by_name["Nisko"].at_risk
    assert not by_name["Bochnia"].at_risk


def test_the_page_says_it_in_words_for_the_coordinator_and_nobody_else(
    client, picture, coordinator
):
    network, _meetings = picture
    url = reverse("meetings:city_attendance", args=[network.slug])
    client.force_login(ProfileFactory().user)  # of no network
    assert client.get(url).status_code == 404
    client.force_login(coordinator)
    page = client.get(url).content.decode()
    assert "2 miasta nie wzięły udziału w spotkaniach dwóch ostatnich kwartałów" in page
    assert "Gorlice, Nisko" in page
    assert "zapisani, nieobecni" in page and 'scope="row">Bochnia' in page
    xlsx = client.get(reverse("meetings:city_attendance_export", args=[network.slug, "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][0] == "Miasto" and ["Bochnia", "obecni", "obecni", "obecni", 100, None] in rows
    csv = client.get(reverse("meetings:city_attendance_export", args=[network.slug, "csv"]))
    assert "Nisko;nikt;nikt;zapisani, nieobecni;0;tak" in b"".join(csv.streaming_content).decode()


def test_the_page_reads_a_fixed_number_of_queries_however_big_the_network(
    client, picture, coordinator
):
    network, meetings = picture
    url = reverse("meetings:city_attendance", args=[network.slug])
    client.force_login(coordinator)

    def queries():
        client.get(url)
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    before = queries()
    for months in (10, 13):
        meeting = held(network, months)
        for _ in range(3):
            took_part(meeting, member(network, CityFactory()), True)
    assert queries() == before


def test_zmp_sees_every_networks_cities_at_risk(client, picture):
    network, _meetings = picture
    administrator = ProfileFactory(user=UserFactory(is_superuser=True, is_staff=True)).user
    client.force_login(administrator)
    page = client.get(reverse("meetings:attendance_overview")).content.decode()
    assert network.name in page and "2: Gorlice, Nisko" in page


def test_unrecorded_attendance_is_no_absence(picture):
    """A meeting nobody recorded says nothing of who came: its quarter is left out, and a
    city whose latest quarters are unrecorded is not at risk."""
    network, meetings = picture
    unrecorded = held(network, 10)  # an earlier quarter: people registered, nobody recorded
    took_part(unrecorded, gorlice_person(network), None)
    quarters, rows = selectors.attendance_by_city(network)
    assert len(quarters) == 3
    took_part(meetings[1], gorlice_person(network), None)
    quarters, rows = selectors.attendance_by_city(network)
    gorlice = next(row for row in rows if row.city.name == "Gorlice")
    assert gorlice.cells == ["present", "unrecorded", "none"] and not gorlice.at_risk


def gorlice_person(network):
    return (
        Registration.objects.filter(meeting__network=network, person__profile__city__name="Gorlice")
        .first()
        .person
    )


def test_the_page_shows_the_last_eight_quarters_and_the_download_all(client, network, coordinator):
    bochnia = CityFactory(name="Bochnia")
    person = member(network, bochnia)
    for months in range(1, 31, 3):  # ten quarters
        took_part(held(network, months), person, True)
    client.force_login(coordinator)
    response = client.get(reverse("meetings:city_attendance", args=[network.slug]))
    assert len(response.context["quarters"]) == 8
    assert "ostatnich 8 kwartałów" in response.content.decode()
    csv = client.get(reverse("meetings:city_attendance_export", args=[network.slug, "csv"]))
    header = b"".join(csv.streaming_content).decode().splitlines()[0]
    assert header.count(" kw. ") == 10


def held_against(cells):
    """At risk as the table's cells read: none or absent in both of the last two quarters."""
    return len(cells) >= 2 and all(c in (selectors.NONE, selectors.ABSENT) for c in cells[-2:])


def test_the_database_finds_the_cities_at_risk_the_table_shows(picture):
    """The database marks the cities at risk of every page with the list of cities; the
    marks agree with each row's cells, a member without a city and an unrecorded
    registration included."""
    network, meetings = picture
    took_part(meetings[-1], member(network, CityFactory(name="Dukla")), None)  # not at risk
    ParticipationFactory(network=network, person=ProfileFactory(city=None).user, city=None)
    _quarters, rows = selectors.attendance_by_city(network)
    assert [row.city.name for row in rows if row.at_risk] == ["Gorlice", "Nisko"]
    assert all(row.at_risk == held_against(row.cells) for row in rows)


def test_a_page_of_cities_names_the_cities_at_risk_of_every_page(client, network, coordinator):
    meetings = [held(network, months) for months in (4, 1)]
    present = [member(network, CityFactory(name=f"Miasto {n:02}")) for n in range(61)]
    for person in present:
        for meeting in meetings:
            took_part(meeting, person, True)
    took_part(meetings[0], member(network, CityFactory(name="Żary")), False)  # the 62nd
    url = reverse("meetings:city_attendance", args=[network.slug])
    client.force_login(coordinator)
    first = client.get(url).content.decode()
    assert "1 miasto nie wzięło udziału" in first and "Żary" in first
    assert 'scope="row">Miasto 59' in first and 'scope="row">Miasto 60' not in first
    second = client.get(url, {"strona": 2}).content.decode()
    assert 'scope="row">Miasto 60' in second and 'scope="row">Żary' in second


def test_quarters_before_a_city_joined_are_not_held_against_it(client, picture, coordinator):
    """A city that joined just before the last meeting: the quarters before are "not a member
    yet", its share counts only the quarters since, and it is not at risk for missing them."""
    network, meetings = picture
    joined = meetings[-1].starts_at - dt.timedelta(hours=1)
    member(network, CityFactory(name="Przemyśl"), joined=joined)
    _quarters, rows = selectors.attendance_by_city(network)
    przemysl = next(row for row in rows if row.city.name == "Przemyśl")
    assert przemysl.cells[:-1] == [selectors.NOT_YET] * (len(przemysl.cells) - 1)
    assert przemysl.cells[-1] == selectors.NONE and przemysl.share == 0
    assert not przemysl.at_risk
    assert all(row.at_risk == held_against(row.cells) for row in rows)
    client.force_login(coordinator)
    page = client.get(reverse("meetings:city_attendance", args=[network.slug])).content.decode()
    assert "jeszcze nie członek" in page


def test_a_seat_handed_to_a_successor_keeps_its_citys_history(client, picture, coordinator):
    """The mayor who came to the first meeting hands the seat over, and the successor hands
    it on: the city is still a member since the first acceptance, its quarters still count
    and it is still at risk (today's member was accepted only now)."""
    network, meetings = picture
    gorlice = Participation.objects.get(network=network, city__name="Gorlice")
    for _ in range(2):
        successions.seat_hand_over(
            by=coordinator, predecessor_id=gorlice.person_id, participation_ids=[gorlice.pk],
            successor_id=ProfileFactory(city=gorlice.city).user.pk,
        )  # fmt: skip
        gorlice = Participation.objects.get(network=network, city__name="Gorlice",
                                            status=ParticipationStatus.ACCEPTED)  # fmt: skip
    assert gorlice.decided_at > meetings[-1].starts_at
    _quarters, rows = selectors.attendance_by_city(network)
    row = next(row for row in rows if row.city.name == "Gorlice")
    assert row.cells == ["present", "none", "none"] and row.share == 33 and row.at_risk
    client.force_login(coordinator)
    page = client.get(reverse("meetings:city_attendance", args=[network.slug])).content.decode()
    assert "Gorlice, Nisko" in page


def test_a_quarter_not_recorded_counts_neither_way_in_the_share(client, picture, coordinator):
    """Dukla came in the first quarter; in the last, its registration's attendance was not
    recorded: one quarter of two counted, not of three. Ełk, a member for the last quarter
    only, has no quarter counted: a dash for its share, not a bare per cent sign."""
    network, meetings = picture
    dukla = member(network, CityFactory(name="Dukla"))
    took_part(meetings[0], dukla, True)
    took_part(meetings[-1], dukla, None)
    elk = member(
        network, CityFactory(name="Ełk"), joined=meetings[-1].starts_at - dt.timedelta(hours=1)
    )
    took_part(meetings[-1], elk, None)  # its only quarter as a member: not recorded
    _quarters, rows = selectors.attendance_by_city(network)
    by_name = {row.city.name: row for row in rows}
    assert by_name["Dukla"].cells == ["present", "none", "unrecorded"]
    assert by_name["Dukla"].share == 50 and not by_name["Dukla"].at_risk
    assert by_name["Ełk"].cells[-1] == "unrecorded" and by_name["Ełk"].share is None
    client.force_login(coordinator)
    page = client.get(reverse("meetings:city_attendance", args=[network.slug])).content.decode()
    elk = page.split('scope="row">Ełk')[1].split("</tr>")[0]
    assert ">50%</td>" in page and "%</td>" not in elk and "żaden kwartał się nie liczy" in elk


def test_zmp_overview_says_when_no_city_is_at_risk_in_polish(client, network):
    city = CityFactory(name="Bochnia")
    person = member(network, city)
    for months in (4, 1):
        took_part(held(network, months), person, True)
    client.force_login(ProfileFactory(user=UserFactory(is_superuser=True, is_staff=True)).user)
    page = client.get(reverse("meetings:attendance_overview")).content.decode()
    assert ">żadne</td>" in page and "o żadnym" not in page


def test_the_portals_statements_are_never_compiled_just_in_time():
    """The member cities' statement follows handed-over seats back (a recursive query): its
    estimate (10 times the seats) passed PostgreSQL's JIT threshold on the national data, and
    compiling it took 34 ms of a 68 ms cold page. No query of a web page runs long enough to
    gain from JIT, so the portal's connections turn it off (empirie.settings.base.PLANNER)."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
