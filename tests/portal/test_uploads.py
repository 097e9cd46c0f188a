"""Uploads follow the transaction that records them (empirie/uploads.py): a file written in a
transaction that rolls back is gone with it, a deleted record's files go once the deletion
commits and stay if it rolls back, whoever deletes the row. Real transactions, real files in a
private folder of the test's own."""

import pytest
from django.apps import apps
from django.core.files.storage import storages
from django.db import models, transaction
from django.urls import reverse

from empirie.uploads import PrivateFileField, private_storage
from meetings import services as meeting_services
from meetings.models import Meeting, MeetingPhoto
from practices import services
from practices.models import Category, Practice, PracticeAttachment
from tests.factories import ProfileFactory
from tests.meetings.test_reports import past_meeting, png
from tests.practices.test_attachments_and_map import pdf

pytestmark = pytest.mark.django_db(transaction=True)


class RolledBack(Exception):
    pass


@pytest.fixture
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


def stored(root):
    """The files in the private folder, by their names in the storage."""
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


@pytest.fixture
def practice():
    author = ProfileFactory().user
    category = Category.objects.create(name="Usługi społeczne", slug="uslugi-spoleczne")
    return services.practice_save(by=author, title="Z plikami", category=category, summary="S")


def add(practice, title="Opis"):
    return services.attachment_add(
        practice_id=practice.pk, by=practice.author, upload=pdf(), title=title
    )


def test_a_committed_upload_keeps_its_file(private_root, practice):
    attachment = add(practice)
    assert stored(private_root) == [attachment.file.name]
    assert attachment.file.name.startswith(f"practices/{practice.pk}/attachments/")


def test_an_upload_whose_transaction_rolls_back_leaves_no_file(private_root, practice):
    with pytest.raises(RolledBack), transaction.atomic():
        add(practice)
        assert len(stored(private_root)) == 1  # written at once, so the row never lacks it
        raise RolledBack
    assert not PracticeAttachment.objects.exists()
    assert stored(private_root) == []


def test_a_rolled_back_savepoint_takes_only_its_own_upload(private_root, practice):
    with transaction.atomic():
        kept = add(practice, "Zostaje")
        with pytest.raises(RolledBack), transaction.atomic():
            add(practice, "Wycofany")
            raise RolledBack
    assert list(PracticeAttachment.objects.values_list("title", flat=True)) == ["Zostaje"]
    assert stored(private_root) == [kept.file.name]


def test_a_photo_and_its_thumbnail_follow_the_transaction(private_root):
    _network, coordinator, meeting = past_meeting()
    with pytest.raises(RolledBack), transaction.atomic():
        meeting_services.photo_add(
            meeting_id=meeting.pk, by=coordinator, upload=png(), caption="Sala"
        )
        raise RolledBack
    assert stored(private_root) == []
    photo = meeting_services.photo_add(
        meeting_id=meeting.pk, by=coordinator, upload=png(), caption="Sala"
    )
    assert meeting_services.photo_make_thumbnail(photo.pk) is True
    photo.refresh_from_db()
    assert stored(private_root) == sorted([photo.image.name, photo.thumbnail.name])
    # The meeting's deletion (the admin's) takes its photos' files with it, after the commit.
    Meeting.objects.filter(pk=meeting.pk).delete()
    assert not MeetingPhoto.objects.exists()
    assert stored(private_root) == []


def test_a_removal_that_rolls_back_keeps_the_file(private_root, practice):
    attachment = add(practice)
    with pytest.raises(RolledBack), transaction.atomic():
        services.attachment_delete(attachment_id=attachment.pk, by=practice.author)
        assert not PracticeAttachment.objects.exists()
        assert stored(private_root) == [attachment.file.name]  # not before the commit
        raise RolledBack
    assert PracticeAttachment.objects.filter(pk=attachment.pk).exists()
    assert stored(private_root) == [attachment.file.name]
    services.attachment_delete(attachment_id=attachment.pk, by=practice.author)
    assert stored(private_root) == []


def test_a_record_deleted_with_what_it_belongs_to_takes_its_files(private_root, practice):
    add(practice, "Pierwszy")
    add(practice, "Drugi")
    with pytest.raises(RolledBack), transaction.atomic():
        Practice.objects.filter(pk=practice.pk).delete()
        raise RolledBack
    assert len(stored(private_root)) == 2
    Practice.objects.filter(pk=practice.pk).delete()
    assert not PracticeAttachment.objects.exists()
    assert stored(private_root) == []


def test_a_file_gone_from_the_storage_is_not_found_not_an_error(client, private_root, practice):
    attachment = add(practice)
    attachment.file.storage.delete(attachment.file.name)
    client.force_login(practice.author)
    url = reverse("practices:attachment_file", args=[practice.slug, attachment.pk])
    assert client.get(url).status_code == 404


def test_every_upload_is_kept_in_the_one_private_storage():
    """Moving uploads to shared object storage is the "private" storage's setting alone: every
    file field of the portal is kept there and follows the transaction."""
    file_fields = [
        field
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField)
    ]
    assert len(file_fields) >= 4  # meetings' photos (image, thumbnail), three attachments
    for field in file_fields:
        assert isinstance(field, PrivateFileField), field
        # The one lazy storage, which is the "private" one however the setting changes.
        assert field.storage is private_storage(), field
        assert isinstance(field.storage, type(storages["private"])), field


def test_a_photo_of_far_too_many_pixels_is_said_to_be_too_large_not_no_photo():
    """A PNG that says it is 30,000 pixels square (a decompression bomb): refused by its size,
    read from its header alone, never decoded."""
    import struct
    import zlib

    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from empirie.uploads import photo_checked

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 30000, 30000, 1, 0, 0, 0, 0)
    png_bytes = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")
    with pytest.raises(ValidationError) as refused:
        photo_checked(SimpleUploadedFile("duze.png", png_bytes))
    assert refused.value.messages == ["Każdy bok zdjęcia musi mieć od 200 do 8000 pikseli."]
