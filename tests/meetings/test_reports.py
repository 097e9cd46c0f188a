"""After the meeting: the report (sanitised), the gallery (checked uploads, thumbnails by a
task) and documents (checked by content), served only to those the level allows."""

import datetime as dt
import io
import zipfile

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from empirie import sanitise
from meetings import services
from meetings.choices import MeetingFormat, PublicationLevel
from meetings.models import MeetingPhoto, MeetingReport
from networks.choices import NetworkKind, Role
from tests.conftest import wait_for
from tests.factories import NetworkFactory, ParticipationFactory, ProfileFactory

pytestmark = pytest.mark.django_db


def png(width=640, height=480, fmt="PNG"):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "teal").save(buffer, format=fmt)
    return SimpleUploadedFile(f"zdjecie.{fmt.lower()}", buffer.getvalue())


def office(folder="word/"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr(f"{folder}document.xml", "<x/>")
    return SimpleUploadedFile("plik.docx", buffer.getvalue())


@pytest.fixture
def setting():
    return past_meeting()


def past_meeting():
    """A network, its coordinator, and a meeting that took place two days ago."""
    network = NetworkFactory()
    coordinator = ParticipationFactory(network=network, role=Role.COORDINATOR, city=None).person
    starts_at = timezone.now() - dt.timedelta(days=2)
    meeting = services.meeting_schedule(
        network_id=network.pk, by=coordinator, topic="Spotkanie", description="",
        starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=3),
        format=MeetingFormat.IN_PERSON, host_city=None, venue_address="Rynek 1",
        online_url="", capacity=None, registration_deadline=None,
    )  # fmt: skip
    return network, coordinator, meeting


def test_the_report_is_sanitised(setting):
    _network, coordinator, meeting = setting
    report = services.report_save(
        meeting_id=meeting.pk,
        by=coordinator,
        body='<p onclick="x()">Dobrze</p><script>alert(1)</script><a href="javascript:x">z</a>'
        '<a href="https://miasta.pl">ZMP</a><img src=x onerror=alert(1)>',
        minutes="",
        level=PublicationLevel.PUBLIC,
        publish=True,
    )
    assert "<script" not in report.body and "onclick" not in report.body
    assert "javascript:" not in report.body and "<img" not in report.body
    assert '<a href="https://miasta.pl" rel="noopener noreferrer nofollow">ZMP</a>' in report.body


KEPT = 'rel="noopener noreferrer nofollow"'


@pytest.mark.parametrize(
    ("pasted", "kept"),
    [
        ('<p>Zobacz <a href="javascript:alert(1)">tutaj</a>.</p>', "<p>Zobacz tutaj.</p>"),
        ('<a href="data:text/html,x"><strong>gruby</strong> link</a>', "<strong>gruby</strong> link"),
        ('<a title="x>y" href="vbscript:1">t</a>', "t"),
        ("<a title=' href=\"x\"'>t</a>", "t"),  # an address only in name
        ('<a name="kotwica">bez adresu</a>', "bez adresu"),
        ('<a href="javascript:x">&lt;script&gt;</a>', "&lt;script&gt;"),  # text stays text
        ('<p><a href="javascript:x">a</a> i <a href="https://a.pl">b</a></p>',
         f'<p>a i <a href="https://a.pl" {KEPT}>b</a></p>'),
        ('<a href="https://miasta.pl" title="ZMP">ZMP</a>',
         f'<a href="https://miasta.pl" title="ZMP" {KEPT}>ZMP</a>'),
        ('<a href="mailto:biuro@miasta.pl">napisz</a>', f'<a href="mailto:biuro@miasta.pl" {KEPT}>napisz</a>'),
    ],
)  # fmt: skip
def test_a_link_whose_address_is_not_kept_becomes_plain_text(pasted, kept):
    assert sanitise.rich_text(pasted) == kept


def test_levels_decide_who_reads_and_views_are_counted(client, setting):
    network, coordinator, meeting = setting
    url = reverse("meetings:report", args=[meeting.pk])
    services.report_save(meeting_id=meeting.pk, by=coordinator, body="<p>R</p>", minutes="",
                         level=PublicationLevel.MEMBERS, publish=False)  # fmt: skip
    assert client.get(url).status_code == 404  # a draft
    observer = ProfileFactory().user
    ParticipationFactory(network=network, person=observer, role=Role.OBSERVER)
    services.report_save(meeting_id=meeting.pk, by=coordinator, body="<p>R</p>", minutes="",
                         level=PublicationLevel.MEMBERS, publish=True)  # fmt: skip
    client.force_login(observer)
    assert client.get(url).status_code == 404
    services.report_save(meeting_id=meeting.pk, by=coordinator, body="<p>R</p>", minutes="",
                         level=PublicationLevel.OBSERVERS, publish=True)  # fmt: skip
    assert client.get(url).status_code == 200
    client.logout()
    assert client.get(url).status_code == 404
    services.report_save(meeting_id=meeting.pk, by=coordinator, body="<p>R</p>", minutes="",
                         level=PublicationLevel.PUBLIC, publish=True)  # fmt: skip
    assert client.get(url).status_code == 200
    assert MeetingReport.objects.get().view_count == 2


def test_a_closed_networks_report_never_leaves_it():
    leaders = NetworkFactory(kind=NetworkKind.LEADERS)
    coordinator = ParticipationFactory(network=leaders, role=Role.COORDINATOR, city=None).person
    starts_at = timezone.now() - dt.timedelta(days=1)
    meeting = services.meeting_schedule(
        network_id=leaders.pk, by=coordinator, topic="Poufne", description="",
        starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=1),
        format=MeetingFormat.IN_PERSON, host_city=None, venue_address="Ratusz",
        online_url="", capacity=None, registration_deadline=None,
    )  # fmt: skip
    with pytest.raises(ValidationError):
        services.report_save(meeting_id=meeting.pk, by=coordinator, body="x", minutes="",
                             level=PublicationLevel.PUBLIC, publish=True)  # fmt: skip


def test_photos_are_checked_re_encoded_and_thumbnailed(client, setting):
    network, coordinator, meeting = setting
    photo = services.photo_add(
        meeting_id=meeting.pk, by=coordinator, upload=png(), caption="Warsztaty"
    )
    assert (photo.width, photo.height) == (640, 480)
    assert services.photo_make_thumbnail(photo.pk) is True
    photo.refresh_from_db()
    # Kept outside the public media folder, and served only through the rules.
    assert str(settings.PRIVATE_MEDIA_ROOT) in photo.image.path
    assert not photo.image.path.startswith(str(settings.MEDIA_ROOT))
    url = reverse("meetings:photo_file", args=[photo.pk, "miniatura"])
    services.report_save(meeting_id=meeting.pk, by=coordinator, body="<p>R</p>", minutes="",
                         level=PublicationLevel.MEMBERS, publish=True)  # fmt: skip
    assert client.get(url).status_code == 404
    client.force_login(ParticipationFactory(network=network).person)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("zdjecie.jpg", b"<html><script>alert(1)</script></html>"),
        png(width=100, height=100),  # too small
        png(fmt="GIF"),  # not a photo format we take
    ],
)
def test_uploads_that_are_not_good_photos_are_refused(setting, upload):
    _network, coordinator, meeting = setting
    with pytest.raises(ValidationError):
        services.photo_add(meeting_id=meeting.pk, by=coordinator, upload=upload, caption="X")
    assert not MeetingPhoto.objects.exists()


def test_documents_are_told_by_their_content(client, setting):
    network, coordinator, meeting = setting
    document = services.attachment_add(
        meeting_id=meeting.pk, by=coordinator, upload=office(), title="Notatka"
    )
    assert document.kind == "docx"
    sheet = services.attachment_add(
        meeting_id=meeting.pk, by=coordinator, upload=office("xl/"), title="Tabela"
    )
    assert sheet.kind == "xlsx"
    for fake in (
        SimpleUploadedFile("wirus.pdf", b"MZ\x90\x00 executable"),
        SimpleUploadedFile("stary.docx", b"PK\x03\x04 not really a zip"),
        office("other/"),
    ):
        with pytest.raises(ValidationError):
            services.attachment_add(meeting_id=meeting.pk, by=coordinator, upload=fake, title="Zły")
    services.report_save(meeting_id=meeting.pk, by=coordinator, body="<p>R</p>", minutes="",
                         level=PublicationLevel.MEMBERS, publish=True)  # fmt: skip
    client.force_login(ParticipationFactory(network=network).person)
    response = client.get(reverse("meetings:attachment_file", args=[document.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="notatka.docx"'


def test_the_report_lists_attendees_by_city(client, setting):
    network, coordinator, meeting = setting
    people = [ProfileFactory().user for _ in range(2)]
    for person in people:
        ParticipationFactory(network=network, person=person, city=person.profile.city)
        meeting.registrations.create(person=person, mode="in_person")
    client.force_login(coordinator)
    first = meeting.registrations.get(person=people[0])
    client.post(
        reverse("meetings:attendance", args=[meeting.pk]),
        {"attended": [first.pk, "x", "²", "9" * 30]},
    )
    assert list(meeting.registrations.values_list("attended", flat=True).order_by("pk")) == [
        True,
        False,
    ]
    services.report_save(meeting_id=meeting.pk, by=coordinator, body="<p>R</p>", minutes="Ustalenia",
                         level=PublicationLevel.MEMBERS, publish=True)  # fmt: skip
    page = client.get(reverse("meetings:report", args=[meeting.pk])).content.decode()
    assert people[0].profile.city.name in page and people[1].get_full_name() not in page
    assert "Ustalenia" in page


def test_report_page_queries_do_not_grow_with_photos_or_participants(
    uncached_fragments, client, setting, django_assert_max_num_queries
):
    network, coordinator, meeting = setting
    services.report_save(meeting_id=meeting.pk, by=coordinator, body="<p>R</p>", minutes="",
                         level=PublicationLevel.PUBLIC, publish=True)  # fmt: skip
    url = reverse("meetings:report", args=[meeting.pk])
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for _ in range(4):
        services.photo_add(meeting_id=meeting.pk, by=coordinator, upload=png(), caption="Z")
        person = ProfileFactory().user
        meeting.registrations.create(person=person, mode="online")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


@pytest.mark.django_db(transaction=True)
def test_the_thumbnail_is_made_by_a_task_after_commit(celery_worker):
    _network, coordinator, meeting = past_meeting()
    photo = services.photo_add(
        meeting_id=meeting.pk, by=coordinator, upload=png(1200, 900), caption="Sala"
    )

    def thumbnail_size():
        photo.refresh_from_db()
        if not photo.thumbnail:
            return None
        with Image.open(photo.thumbnail.path) as thumbnail:
            return thumbnail.size

    assert wait_for(lambda: thumbnail_size() is not None), "no thumbnail was made"
    assert thumbnail_size() == (480, 360)
    assert services.photo_make_thumbnail(photo.pk) is False  # a repeated task does nothing


def coming_meeting():
    network, coordinator, meeting = past_meeting()
    starts_at = timezone.now() + dt.timedelta(days=7)
    meeting.starts_at, meeting.ends_at = starts_at, starts_at + dt.timedelta(hours=3)
    meeting.save(update_fields=["starts_at", "ends_at"])
    return network, coordinator, meeting


def test_report_and_attendance_wait_until_the_meeting_starts(client):
    """They record what happened: before the start the page says so, the service refuses, and
    the meeting's page offers materials, not a report; once started, both are offered."""
    _network, coordinator, meeting = coming_meeting()
    with pytest.raises(ValidationError):
        services.report_save(
            meeting_id=meeting.pk, by=coordinator, body="<p>Było</p>", minutes="", level="members",
            publish=True,
        )  # fmt: skip
    with pytest.raises(ValidationError):
        services.attendance_record(meeting_id=meeting.pk, by=coordinator, attended_ids=[])
    assert not MeetingReport.objects.filter(meeting=meeting).exists()

    client.force_login(coordinator)
    detail = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert reverse("meetings:attendance", args=[meeting.pk]) not in detail
    assert "Dodaj materiały" in detail and "Napisz relację" not in detail
    form = client.get(reverse("meetings:report_edit", args=[meeting.pk])).content.decode()
    assert "gdy spotkanie się rozpocznie" in form and 'name="body"' not in form
    refused = client.post(reverse("meetings:attendance", args=[meeting.pk]), follow=True)
    assert "gdy spotkanie się rozpocznie" in refused.content.decode()

    _network, coordinator, started = past_meeting()
    client.force_login(coordinator)
    detail = client.get(reverse("meetings:detail", args=[started.pk])).content.decode()
    assert reverse("meetings:attendance", args=[started.pk]) in detail
    assert "Napisz relację" in detail


def test_the_coordinator_is_not_offered_to_register():
    network, coordinator, meeting = coming_meeting()
    from meetings import rules

    decision = rules.can_register(coordinator, meeting, taken=0)
    assert not decision and "koordynator" in str(decision.reason)
    with pytest.raises(ValidationError):
        services.registration_register(meeting_id=meeting.pk, person=coordinator, mode="in_person")
    member = ParticipationFactory(network=network, role=Role.MEMBER).person
    assert rules.can_register(member, meeting, taken=0)


def test_a_meeting_that_started_is_not_cancelled(client):
    """It took place: it has a report, not a cancellation; the page is not offered either."""
    _network, coordinator, meeting = past_meeting()
    with pytest.raises(ValidationError):
        services.meeting_cancel(meeting_id=meeting.pk, by=coordinator, reason="Pomyłka")
    client.force_login(coordinator)
    cancel = reverse("meetings:cancel", args=[meeting.pk])
    assert cancel not in client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    refused = client.post(cancel, {"reason": "Pomyłka"}, follow=True)
    assert "nie można już odwołać" in refused.content.decode()
    meeting.refresh_from_db()
    assert meeting.cancelled_at is None
    _network, coordinator, coming = coming_meeting()
    client.force_login(coordinator)
    assert client.get(reverse("meetings:cancel", args=[coming.pk])).status_code == 200
