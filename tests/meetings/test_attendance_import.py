"""Attendance of an online meeting from its participant report (Zoom, Microsoft Teams and
Teams' older report): matched by e-mail, rejoins counted once, the other rows decided by the
coordinator on a preview that the confirmation checks again. Nobody is marked absent by an
import, and no file, however odd, is a server error."""

import datetime as dt
import random
import re
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from meetings import online_reports, services
from meetings.choices import AttendanceSource, MeetingFormat, RegistrationMode
from meetings.models import Meeting, Registration
from networks.choices import Role
from tests.factories import CityFactory, ParticipationFactory, ProfileFactory

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"


def fixture(name) -> bytes:
    return (FIXTURES / name).read_bytes()


def member(network, first, last, email, city):
    profile = ProfileFactory(
        user__first_name=first, user__last_name=last, user__email=email,
        city=CityFactory(name=city),
    )  # fmt: skip
    return ParticipationFactory(network=network, person=profile.user, city=profile.city).person


@pytest.fixture
def setting(network, coordinator):
    """An online meeting that started an hour ago: four registered, one checked in already."""
    starts_at = timezone.now() + dt.timedelta(days=30)
    meeting = services.meeting_schedule(
        network_id=network.pk, by=coordinator, topic="Cyfrowy urząd", description="",
        starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=4),
        format=MeetingFormat.ONLINE, host_city=None, venue_address="",
        online_url="https://spotkanie.example.org/1", capacity=None, registration_deadline=None,
    )  # fmt: skip
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - dt.timedelta(hours=1),
        ends_at=timezone.now() + dt.timedelta(hours=2),
    )
    people = {
        "wojcik": ("Małgorzata", "Wójcik", "m.wojcik@um.przemysl.pl", "Przemyśl"),
        "lecki": ("Paweł", "Łęcki", "Pawel.Lecki@um.cieszyn.pl", "Cieszyn"),
        "zoltowski": ("Grzegorz", "Żółtowski", "g.zoltowski@um.zywiec.pl", "Żywiec"),
        "nowak": ("Jan", "Nowak", "j.nowak@um.bochnia.pl", "Bochnia"),
    }
    registrations = {
        key: Registration.objects.create(
            meeting=meeting, person=member(network, *person), mode=RegistrationMode.ONLINE
        )
        for key, person in people.items()
    }
    # Łęcki was marked present by hand before the report came.
    services.check_in(
        meeting_id=meeting.pk, registration_id=registrations["lecki"].pk, by=coordinator
    )
    return meeting, registrations


def later(meeting, *, hours):
    starts_at = timezone.now() + dt.timedelta(hours=hours)
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=2)
    )


def url(meeting):
    return reverse("meetings:attendance_import", args=[meeting.pk])


def upload(client, meeting, data, name="raport.csv"):
    return client.post(url(meeting), {"report": SimpleUploadedFile(name, data)})


def signed(html):
    return re.search(r'name="podglad" value="([^"]+)"', html).group(1)


def states(registrations):
    return {
        key: Registration.objects.values_list("attended", "attendance_source").get(pk=r.pk)
        for key, r in registrations.items()
    }


def test_the_reports_are_read_one_row_per_person():
    zoom = online_reports.read_report(fixture("zoom_participants.csv"))
    assert zoom.source == AttendanceSource.ZOOM
    emails = [person.email for person in zoom.people]
    # The host's row of the meeting table is not a participant; the rejoin counts once, its
    # address compared without case or spaces; the guest has no address.
    assert emails == [
        "anna.zielinska@zmp.poznan.pl", "m.wojcik@um.przemysl.pl", "pawel.lecki@um.cieszyn.pl",
        "", "k.slezak@um.bochnia.pl",
    ]  # fmt: skip
    assert zoom.people[1].rows == 2 and zoom.people[3].guest
    assert zoom.people[3].name == "Grzegorz Żółtowski (iPhone)"
    teams = online_reports.read_report(fixture("teams_attendance.csv"))
    assert teams.source == AttendanceSource.TEAMS
    # Section 2 only (section 3 repeats the rejoin); the address from the UPN when the e-mail
    # column is empty.
    assert [p.email for p in teams.people] == [
        "anna.zielinska@zmp.poznan.pl", "m.wojcik@um.przemysl.pl", "pawel.lecki@um.cieszyn.pl",
        "", "k.slezak@um.bochnia.pl",
    ]  # fmt: skip
    legacy = online_reports.read_report(fixture("teams_attendance_legacy.csv"))
    assert legacy.source == AttendanceSource.TEAMS
    assert [p.name for p in legacy.people] == [
        "Anna Zielińska", "Małgorzata Wójcik", "Paweł Łęcki", "Grzegorz Żółtowski",
        "Katarzyna Ślęzak",
    ]  # fmt: skip
    assert not any(p.email for p in legacy.people)


@pytest.mark.parametrize(
    ("encoding", "delimiter"), [("utf-8-sig", ","), ("cp1250", ";"), ("utf-16", ",")]
)
def test_a_report_saved_again_by_excel_is_read(encoding, delimiter):
    text = fixture("zoom_participants.csv").decode("utf-8").replace("–", "-")
    if delimiter == ";":
        text = text.replace('"Ślęzak, Katarzyna"', "Ślęzak Katarzyna").replace(",", ";")
    report = online_reports.read_report(text.encode(encoding))
    assert report.source == AttendanceSource.ZOOM
    assert report.people[1].name == "Małgorzata Wójcik" and len(report.people) == 5


@pytest.mark.parametrize("name", ["zoom_participants.csv", "teams_attendance.csv"])
def test_import_marks_the_matched_and_the_chosen_present(client, setting, coordinator, name):
    meeting, registrations = setting
    client.force_login(coordinator)
    response = upload(client, meeting, fixture(name))
    assert response.status_code == 200
    html = response.content.decode()
    to_mark = html.split('id="to-mark-title"')[1].split("</section>")[0]
    assert "Małgorzata Wójcik" in to_mark and "Łęcki" not in to_mark
    present = html.split('id="present-title"')[1].split("</section>")[0]
    assert "Paweł Łęcki" in present
    unmatched = html.split('id="unmatched-title"')[1].split("</section>")[0]
    assert unmatched.count("<select") == 3  # the organiser, the guest, one not registered
    assert "Katarzyna" in unmatched and "Anna Zielińska" in unmatched
    # The guest's name holds a registered person's: suggested, not decided.
    zoltowski = registrations["zoltowski"].pk
    assert f'<option value="{zoltowski}" selected>' in unmatched
    # The people matched are not offered for the other rows.
    assert f'value="{registrations["wojcik"].pk}"' not in unmatched
    assert states(registrations)["wojcik"] == (None, "")  # nothing saved by the preview
    response = client.post(
        url(meeting),
        {"podglad": signed(html), "wiersz_0": "", "wiersz_3": str(zoltowski), "wiersz_4": ""},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:attendance", args=[meeting.pk])
    source = AttendanceSource.ZOOM if "zoom" in name else AttendanceSource.TEAMS
    assert states(registrations) == {
        "wojcik": (True, source),
        "lecki": (True, AttendanceSource.DOOR),  # present already: kept as it was
        "zoltowski": (True, source),
        "nowak": (None, ""),  # not in the report: not marked absent
    }
    assert Registration.objects.get(pk=registrations["wojcik"].pk).checked_in_at is None


def test_the_older_teams_report_is_all_decided_by_the_coordinator(client, setting, coordinator):
    meeting, registrations = setting
    client.force_login(coordinator)
    html = upload(client, meeting, fixture("teams_attendance_legacy.csv")).content.decode()
    assert html.count("<select") == 5
    for key in ("wojcik", "zoltowski"):
        assert f'<option value="{registrations[key].pk}" selected>' in html
    client.post(
        url(meeting),
        {"podglad": signed(html), "wiersz_1": str(registrations["wojcik"].pk),
         "wiersz_3": str(registrations["zoltowski"].pk)},
    )  # fmt: skip
    assert states(registrations)["wojcik"] == (True, AttendanceSource.TEAMS)
    assert states(registrations)["zoltowski"] == (True, AttendanceSource.TEAMS)
    assert states(registrations)["nowak"] == (None, "")


def test_an_invalid_decision_shows_the_preview_again(client, setting, network, coordinator):
    meeting, registrations = setting
    client.force_login(coordinator)
    html = upload(client, meeting, fixture("zoom_participants.csv")).content.decode()
    elsewhere = Registration.objects.create(
        meeting=Meeting.objects.create(
            network=network, topic="Inne", starts_at=meeting.starts_at, ends_at=meeting.ends_at,
            format=MeetingFormat.ONLINE, online_url="https://x.example.org",
        ),
        person=registrations["nowak"].person, mode=RegistrationMode.ONLINE,
    )  # fmt: skip
    for forged in (str(elsewhere.pk), str(registrations["wojcik"].pk), "abc", "9" * 40):
        response = client.post(url(meeting), {"podglad": signed(html), "wiersz_3": forged})
        assert response.status_code == 200
        page = response.content.decode()
        assert 'id="error-summary"' in page and 'href="#id_wiersz_3"' in page
    assert states(registrations)["wojcik"] == (None, "")


def test_a_damaged_or_foreign_preview_is_refused(client, setting, network, coordinator):
    meeting, registrations = setting
    client.force_login(coordinator)
    html = upload(client, meeting, fixture("zoom_participants.csv")).content.decode()
    for value in (signed(html)[:-3] + "abc", "", "x" * 10_000):
        response = client.post(url(meeting), {"podglad": value})
        assert response.status_code == 302 and response["Location"] == url(meeting)
    # Another coordinator of the network may not confirm a preview made for someone else.
    other = ParticipationFactory(network=network, role=Role.COORDINATOR, city=None).person
    client.force_login(other)
    response = client.post(url(meeting), {"podglad": signed(html)})
    assert response.status_code == 302
    assert states(registrations)["wojcik"] == (None, "")


def test_the_service_re_checks_everything(setting, network, coordinator):
    meeting, registrations = setting
    member = registrations["nowak"].person
    with pytest.raises(PermissionDenied):
        services.attendance_import(
            meeting_id=meeting.pk, by=member, source=AttendanceSource.ZOOM,
            emails=["j.nowak@um.bochnia.pl"], registration_ids=[],
        )  # fmt: skip
    with pytest.raises(ValidationError):
        services.attendance_import(
            meeting_id=meeting.pk, by=coordinator, source=AttendanceSource.DOOR,
            emails=["j.nowak@um.bochnia.pl"], registration_ids=[],
        )  # fmt: skip
    with pytest.raises(ValidationError):
        services.attendance_import(
            meeting_id=meeting.pk, by=coordinator, source=AttendanceSource.ZOOM,
            emails=[], registration_ids=[10**12],
        )  # fmt: skip
    marked = services.attendance_import(
        meeting_id=meeting.pk, by=coordinator, source=AttendanceSource.TEAMS,
        emails=[" J.Nowak@UM.Bochnia.pl ", "m.wojcik@um.przemysl.pl", "pawel.lecki@um.cieszyn.pl"],
        registration_ids=[registrations["wojcik"].pk],
    )  # fmt: skip
    assert marked == 2  # Łęcki was present already; Wójcik counted once
    later(meeting, hours=5)
    with pytest.raises(ValidationError):
        services.attendance_import(
            meeting_id=meeting.pk, by=coordinator, source=AttendanceSource.ZOOM,
            emails=["g.zoltowski@um.zywiec.pl"], registration_ids=[],
        )  # fmt: skip


PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"   \r\n\r\n",
        b"\x00" * 100,
        PNG,
        random.Random(19).randbytes(50_000),
        b"\xff\xfe" + random.Random(20).randbytes(4001),  # UTF-16 with an odd length
        b"\xef\xbb\xbf" + b"\xc3\x28" * 100,  # broken UTF-8 after its BOM
        b"Imie;Nazwisko\r\nJan;Nowak\r\n",  # no participants' table
        b"Name (Original Name),User Email,Join Time\r\n",  # a header without rows
        b"Name (Original Name),User Email\r\n" + b"a" * 1_500_000 + b",x@y.pl\r\n",
        b"Name," * 300_000,
        b'Name (Original Name),User Email\r\n"unterminated,\x00,\r\n',
        b"a" * (2 * 1024 * 1024 + 1),
        "Name\tFirst Join\r\n\r\n3. In-Meeting Activities\r\n".encode("utf-16-le"),
    ],
    ids=lambda data: f"{len(data)} bytes",
)
def test_hostile_files_are_refused_with_a_message(client, setting, coordinator, data):
    meeting, registrations = setting
    client.force_login(coordinator)
    response = upload(client, meeting, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="error-summary"' in html and 'href="#id_report"' in html
    assert states(registrations)["wojcik"] == (None, "")


def test_no_file_and_a_wrong_request_are_no_error(client, setting, coordinator):
    meeting, _registrations = setting
    client.force_login(coordinator)
    odd = "Name\tFirst Join\r\n\u202e<b>\ufeff\tx\r\n".encode("utf-16-le")  # no BOM
    response = upload(client, meeting, odd)
    assert response.status_code == 200 and "&lt;b&gt;" in response.content.decode()
    response = client.post(url(meeting), {})
    assert response.status_code == 200 and 'id="error-summary"' in response.content.decode()
    response = client.post(url(meeting), {"report": "nie-plik"})
    assert response.status_code == 200
    assert client.get(url(meeting)).status_code == 200


def test_before_the_window_the_import_is_refused(client, setting, coordinator):
    meeting, registrations = setting
    later(meeting, hours=3)
    client.force_login(coordinator)
    assert 'type="file"' not in client.get(url(meeting)).content.decode()
    response = upload(client, meeting, fixture("zoom_participants.csv"))
    assert response.status_code == 302
    assert states(registrations)["wojcik"] == (None, "")
