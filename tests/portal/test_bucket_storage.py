"""Uploads in an S3-compatible bucket (STORAGE_URL): written there through the real pages,
never to the local folder, read back by the thumbnail task, served only after the rules (a
closed network's files and a network's inside streamed, never given an address of their own;
other files a signed address valid at most a minute), and following the transaction. Against a
real S3 server process on loopback (tests/bucket.py)."""

# ruff: noqa: F811 - the bucket fixtures, imported from tests/bucket.py

import io
import os
import subprocess
import sys
import urllib.request
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.urls import reverse
from PIL import Image

from accounts.choices import Function
from empirie.settings.base import bucket_storage
from empirie.uploads import is_bucket, private_storage
from meetings import services as meeting_services
from meetings.choices import PublicationLevel
from meetings.models import MeetingAttachment, MeetingPhoto
from networks.choices import NetworkKind, Role
from practices import services as practice_services
from practices.choices import PracticeStatus
from practices.models import Category, Practice, PracticeAttachment
from tests.bucket import bucket, s3_server  # noqa: F401
from tests.conftest import wait_for
from tests.factories import NetworkFactory, ParticipationFactory, ProfileFactory
from tests.meetings.test_reports import past_meeting, png
from tests.practices.test_attachments_and_map import pdf


class RolledBack(Exception):
    pass


def on_disk(settings):
    root = settings.PRIVATE_MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def content(response) -> bytes:
    return b"".join(response.streaming_content)


def signed_seconds(location: str) -> int:
    return int(parse_qs(urlsplit(location).query)["X-Amz-Expires"][0])


def never_an_address(response):
    """Nothing in the answer the reader could use again without asking the portal."""
    assert response.status_code == 200
    assert "Location" not in response
    assert not any("X-Amz" in value for _, value in response.items())
    assert response["Cache-Control"] == "private, no-store"


def report_published(meeting, coordinator):
    meeting_services.report_save(
        meeting_id=meeting.pk, by=coordinator, body="<p>R</p>", minutes="",
        level=PublicationLevel.MEMBERS, publish=True,
    )  # fmt: skip


def leaders_meeting():
    leaders = NetworkFactory(kind=NetworkKind.LEADERS)
    coordinator = ParticipationFactory(network=leaders, role=Role.COORDINATOR, city=None).person
    network, _, meeting = past_meeting()
    # The same kind of meeting, in the closed network.
    meeting.network, meeting.edition = leaders, leaders.editions.get(closed_at__isnull=True)
    meeting.save(update_fields=["network", "edition"])
    network.delete()
    return leaders, coordinator, meeting


def test_the_setting_names_a_private_bucket(bucket, settings):
    entry = bucket_storage(
        "s3://KLUCZ%2F1:TAJNE%40@minio.internal:9000/empirie/pliki?region=eu-central-1"
    )
    assert entry["OPTIONS"] == {
        "access_key": "KLUCZ/1", "secret_key": "TAJNE@", "bucket_name": "empirie",
        "location": "pliki", "endpoint_url": "https://minio.internal:9000",
        "region_name": "eu-central-1", "addressing_style": "path",
    }  # fmt: skip
    for wrong in ("https://minio:9000/empirie", "s3://k:s@minio:9000/", "s3:///empirie"):
        with pytest.raises(ImproperlyConfigured):
            bucket_storage(wrong)
    storage = private_storage()
    assert is_bucket(storage) and storage.bucket_name == bucket.name
    assert (storage.default_acl, storage.file_overwrite) == ("private", False)


def test_the_signed_address_lasts_a_minute_at_most():
    """Whatever the environment asks, STORAGE_SIGNED_URL_SECONDS is at most 60."""
    said = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; "
         "print(settings.STORAGE_SIGNED_URL_SECONDS, settings.CONTENT_SECURITY_POLICY)"],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "empirie.settings.test",
             "STORAGE_URL": "s3://k:s@files.miasta.pl/empirie", "STORAGE_SIGNED_URL_SECONDS": "3600"},
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert said.startswith("60 ")
    # Photos shown from the bucket's signed address are allowed by the page's policy.
    assert "img-src 'self' https://files.miasta.pl " in said


def test_a_portal_without_a_bucket_never_loads_boto3():
    said = subprocess.run(
        [sys.executable, "-c", "import sys, django; django.setup(); "
         "from django.urls import resolve; resolve('/'); import empirie.backups; "
         "print('boto3' in sys.modules)"],
        env={**{k: v for k, v in os.environ.items() if k != "STORAGE_URL"},
             "DJANGO_SETTINGS_MODULE": "empirie.settings.test"},
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert said.strip() == "False"


@pytest.mark.django_db(transaction=True)  # the worker reads the committed photo
def test_a_meeting_photo_goes_to_the_bucket_and_is_thumbnailed_from_it(
    bucket, settings, client, celery_worker
):
    network, coordinator, meeting = past_meeting()
    client.force_login(coordinator)
    response = client.post(
        reverse("meetings:report_edit", args=[meeting.pk]),
        {"form": "photo", "image": png(), "caption": "Warsztaty"},
    )
    assert response.status_code == 302
    photo = MeetingPhoto.objects.get(meeting=meeting)
    if celery_worker is None:  # eager mode: no broker to queue it on
        meeting_services.photo_make_thumbnail(photo.pk)
    assert wait_for(lambda: MeetingPhoto.objects.get(pk=photo.pk).thumbnail)
    photo.refresh_from_db()
    assert bucket.keys() == sorted([photo.image.name, photo.thumbnail.name])
    assert on_disk(settings) == []
    with Image.open(io.BytesIO(bucket.read(photo.thumbnail.name))) as thumbnail:
        assert thumbnail.format == "JPEG" and max(thumbnail.size) == 480

    report_published(meeting, coordinator)
    url = reverse("meetings:photo_file", args=[photo.pk, "miniatura"])
    assert client.get(url).status_code == 302  # the coordinator sees it
    client.force_login(ProfileFactory().user)
    assert client.get(url).status_code == 404  # not a member
    client.logout()
    assert client.get(url).status_code == 404

    # A member: the thematic network's photo may be kept, so a signed address, for a minute.
    client.force_login(ParticipationFactory(network=network).person)
    redirect = client.get(reverse("meetings:photo_file", args=[photo.pk, "pelne"]))
    assert redirect.status_code == 302
    assert redirect["Cache-Control"] == "private, no-store"
    location = redirect["Location"]
    assert location.startswith(f"{bucket.server.endpoint}/{bucket.name}/")
    assert 0 < signed_seconds(location) <= 60
    with urllib.request.urlopen(location) as fetched:  # noqa: S310 - the test's own server
        assert fetched.read() == bucket.read(photo.image.name)
        assert fetched.headers["Content-Disposition"].startswith("inline;")


@pytest.mark.django_db
def test_a_leaders_network_file_is_streamed_never_signed(bucket, settings, client):
    leaders, coordinator, meeting = leaders_meeting()
    client.force_login(coordinator)
    document = pdf()
    response = client.post(
        reverse("meetings:report_edit", args=[meeting.pk]),
        {"form": "attachment", "file": document, "title": "Notatka"},
    )
    assert response.status_code == 302
    attachment = MeetingAttachment.objects.get(meeting=meeting)
    assert bucket.keys() == [attachment.file.name] and on_disk(settings) == []
    photo = meeting_services.photo_add(
        meeting_id=meeting.pk, by=coordinator, upload=png(), caption="Rada"
    )
    report_published(meeting, coordinator)

    leader = ProfileFactory(function=Function.MAYOR, verified=True).user
    ParticipationFactory(network=leaders, person=leader)
    unverified = ProfileFactory(function=Function.MAYOR).user
    ParticipationFactory(network=leaders, person=unverified)
    url = reverse("meetings:attachment_file", args=[attachment.pk])
    photo_url = reverse("meetings:photo_file", args=[photo.pk, "pelne"])

    client.force_login(leader)
    download = client.get(url)
    never_an_address(download)
    assert content(download) == bucket.read(attachment.file.name)
    assert download["Content-Disposition"] == 'attachment; filename="notatka.pdf"'
    shown = client.get(photo_url)
    never_an_address(shown)
    assert content(shown) == bucket.read(photo.image.name)

    # Handed to nginx: only its internal location, which the reader never sees.
    settings.STORAGE_ACCEL_REDIRECT_PREFIX = "/_pliki/"
    handed = client.get(url)
    assert handed.status_code == 200 and handed.content == b"" and "Location" not in handed
    assert handed["X-Accel-Redirect"].startswith(f"/_pliki/{bucket.name}/{attachment.file.name}?")
    assert handed["Cache-Control"] == "private, no-store"
    assert handed["Content-Disposition"] == 'attachment; filename="notatka.pdf"'
    settings.STORAGE_ACCEL_REDIRECT_PREFIX = ""

    # A leader whose function is not verified: not even its existence.
    client.force_login(unverified)
    assert client.get(url).status_code == 404
    assert client.get(photo_url).status_code == 404


@pytest.mark.django_db
def test_a_practice_attachment_in_the_bucket_follows_the_practice(bucket, settings, client):
    author = ProfileFactory().user
    category = Category.objects.create(name="Usługi społeczne", slug="uslugi-spoleczne")
    practice = practice_services.practice_save(
        by=author, title="Z plikami", category=category, summary="S"
    )
    client.force_login(author)
    assert (
        client.post(
            reverse("practices:attachments", args=[practice.slug]),
            {"title": "Opis projektu", "file": pdf()},
        ).status_code
        == 302
    )
    attachment = practice.attachments.get()
    assert bucket.keys() == [attachment.file.name] and on_disk(settings) == []
    url = reverse("practices:attachment_file", args=[practice.slug, attachment.pk])

    # A draft is its author's alone: streamed, and to nobody else.
    draft = client.get(url)
    never_an_address(draft)
    assert content(draft).startswith(b"%PDF-")
    client.force_login(ProfileFactory().user)
    assert client.get(url).status_code == 404

    # Published for everyone: a signed address of a minute at most.
    Practice.objects.filter(pk=practice.pk).update(status=PracticeStatus.PUBLISHED)
    public = client.get(url)
    assert public.status_code == 302 and public["Cache-Control"] == "private, no-store"
    assert signed_seconds(public["Location"]) <= 60
    with urllib.request.urlopen(public["Location"]) as fetched:  # noqa: S310
        assert fetched.read() == bucket.read(attachment.file.name)
        assert fetched.headers["Content-Disposition"] == 'attachment; filename="opis-projektu.pdf"'
    settings.STORAGE_SIGNED_URL_SECONDS = 0  # no signed addresses at all: streamed
    assert content(client.get(url)).startswith(b"%PDF-")

    # Gone from the bucket: not found, never an error nor an address to nothing.
    private_storage().delete(attachment.file.name)
    assert client.get(url).status_code == 404
    settings.STORAGE_SIGNED_URL_SECONDS = 60
    assert client.get(url).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_objects_follow_the_transaction(bucket):
    author = ProfileFactory().user
    category = Category.objects.create(name="Usługi społeczne", slug="uslugi-spoleczne")
    practice = practice_services.practice_save(
        by=author, title="Z plikami", category=category, summary="S"
    )

    def add():
        return practice_services.attachment_add(
            practice_id=practice.pk, by=author, upload=pdf(), title="Opis"
        )

    with pytest.raises(RolledBack), transaction.atomic():
        add()
        raise RolledBack
    assert not PracticeAttachment.objects.exists()
    assert bucket.keys() == []

    attachment = add()
    assert bucket.keys() == [attachment.file.name]
    with pytest.raises(RolledBack), transaction.atomic():
        practice_services.attachment_delete(attachment_id=attachment.pk, by=author)
        assert bucket.keys() == [attachment.file.name]  # not before the commit
        raise RolledBack
    assert bucket.keys() == [attachment.file.name]
    practice_services.attachment_delete(attachment_id=attachment.pk, by=author)
    assert bucket.keys() == []


def test_the_fields_follow_the_storage_setting(bucket, settings):
    """The models' file fields were made before the test switched to the bucket: they write
    to the storage of the moment, the one `private_storage()` names."""
    field = MeetingAttachment._meta.get_field("file")
    assert is_bucket(field.storage)
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {"BACKEND": "empirie.uploads.PrivateStorage"},
    }
    assert not is_bucket(field.storage) and not is_bucket(private_storage())


@pytest.mark.django_db
def test_without_a_bucket_nginx_sends_from_the_folder(settings, client, tmp_path):
    """STORAGE_ACCEL_REDIRECT_PREFIX on the local disk: the file's name under nginx's internal
    location (an `alias` of PRIVATE_MEDIA_ROOT), after the same check; 404 when it is gone."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    settings.STORAGE_ACCEL_REDIRECT_PREFIX = "/_pliki/"
    leaders, coordinator, meeting = leaders_meeting()
    attachment = meeting_services.attachment_add(
        meeting_id=meeting.pk, by=coordinator, upload=pdf(), title="Notatka"
    )
    report_published(meeting, coordinator)
    url = reverse("meetings:attachment_file", args=[attachment.pk])
    client.force_login(ProfileFactory(function=Function.MAYOR).user)
    assert client.get(url).status_code == 404
    client.force_login(coordinator)
    handed = client.get(url)
    assert handed.status_code == 200 and handed.content == b""
    assert handed["X-Accel-Redirect"] == f"/_pliki/{attachment.file.name}"
    assert handed["Content-Type"] == "application/pdf"
    assert handed["Cache-Control"] == "private, no-store"
    (settings.PRIVATE_MEDIA_ROOT / attachment.file.name).unlink()
    assert client.get(url).status_code == 404
