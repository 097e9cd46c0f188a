"""The uploads on disk moved to the bucket (manage.py move_uploads_to_bucket), checked by their
checksums and idempotent; and backups that take the bucket's files and restore them into it.
Against a real S3 server process on loopback (tests/bucket.py)."""

# ruff: noqa: F811 - the bucket fixtures, imported from tests/bucket.py

import hashlib
import json
import os
import tarfile
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import translation

from empirie import backups
from empirie.uploads import private_storage
from networks.choices import Role
from results import services as result_services
from tests.bucket import bucket, s3_server  # noqa: F401
from tests.factories import NetworkFactory, ParticipationFactory
from tests.portal.test_backups import empty_database  # noqa: F401

PHOTO, DOCUMENT = b"\xff\xd8\xff photo bytes", b"%PDF-1.4 document bytes"


def moved(**options) -> str:
    said = StringIO()
    with translation.override("en"):
        call_command("move_uploads_to_bucket", stdout=said, **options)
    return said.getvalue()


@pytest.fixture
def files_on_disk(settings, tmp_path):
    """Two uploads kept on disk before the bucket came."""
    root = settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    (root / "meetings/3/photos").mkdir(parents=True)
    (root / "meetings/3/photos/photo.jpg").write_bytes(PHOTO)
    (root / "practices/7/attachments").mkdir(parents=True)
    (root / "practices/7/attachments/document.pdf").write_bytes(DOCUMENT)
    return root


def test_the_move_copies_and_verifies_each_file_and_may_run_again(bucket, files_on_disk):
    said = moved()
    assert "[1/2] meetings/3/photos/photo.jpg: copied, checksum verified" in said
    assert "[2/2] practices/7/attachments/document.pdf: copied, checksum verified" in said
    assert "Copied: 2, already in the bucket: 0, failed: 0 (files in all: 2)." in said
    assert bucket.keys() == ["meetings/3/photos/photo.jpg", "practices/7/attachments/document.pdf"]
    assert bucket.read("meetings/3/photos/photo.jpg") == PHOTO
    assert (files_on_disk / "meetings/3/photos/photo.jpg").exists()  # kept without the option
    # The storage the rows use finds them under their own names.
    with private_storage().open("practices/7/attachments/document.pdf") as found:
        assert found.read() == DOCUMENT

    again = moved(delete_local=True)
    assert "Copied: 0, already in the bucket: 2, failed: 0 (files in all: 2)." in again
    assert "already in the bucket, identical; local copy deleted" in again
    assert not [p for p in files_on_disk.rglob("*") if p.is_file()]
    assert bucket.keys() == ["meetings/3/photos/photo.jpg", "practices/7/attachments/document.pdf"]


def test_a_different_file_in_the_bucket_is_a_failure_and_nothing_is_deleted(bucket, files_on_disk):
    bucket.server.client().put_object(
        Bucket=bucket.name, Key="meetings/3/photos/photo.jpg", Body=b"someone else's"
    )
    said = StringIO()
    with (
        pytest.raises(
            CommandError,
            match=r"Copied: 1, already in the bucket: 0, failed: 1 \(files in all: 2\)",
        ),
        translation.override("en"),
    ):
        call_command("move_uploads_to_bucket", delete_local=True, stdout=said)
    assert (
        "[1/2] meetings/3/photos/photo.jpg: a different file of this name is in the bucket; "
        "left as it is"
    ) in said.getvalue()
    assert bucket.read("meetings/3/photos/photo.jpg") == b"someone else's"
    assert (files_on_disk / "meetings/3/photos/photo.jpg").read_bytes() == PHOTO
    assert not (files_on_disk / "practices/7/attachments/document.pdf").exists()  # verified


def test_the_move_needs_a_bucket(settings, files_on_disk):
    with pytest.raises(CommandError), translation.override("en"):
        call_command("move_uploads_to_bucket", stdout=StringIO())


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL"),
    reason="restores into a new database on DATABASE_URL's server",
)
@pytest.mark.django_db(transaction=True)  # committed: pg_dump reads from its own connection
def test_a_backup_takes_the_buckets_files_and_restores_them_into_it(
    bucket, s3_server, settings, tmp_path, empty_database, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path / "media"
    network = NetworkFactory(name="MIASTO CYFROWE")
    expert = ParticipationFactory(network=network, role=Role.EXPERT).person
    result = result_services.result_draft(
        by=expert, network_id=network.pk, kind="recommendation", title="Wnioski",
        summary="Skrót", body="<p>Tekst</p>",
    )  # fmt: skip
    attachment = result_services.attachment_add(
        result_id=result.pk, by=expert, title="Raport",
        upload=SimpleUploadedFile("raport.pdf", DOCUMENT),
    )  # fmt: skip
    key = attachment.file.name
    assert bucket.keys() == [key]

    folder = backups.backup(tmp_path / "backups")
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["files"] == {f"private-media/{key}": hashlib.sha256(DOCUMENT).hexdigest()}
    with tarfile.open(folder / "files.tar.gz") as archive:
        assert archive.extractfile(f"private-media/{key}").read() == DOCUMENT

    # Restored into an empty bucket: the same object, under the name the restored row has.
    bucket.server.client().delete_object(Bucket=bucket.name, Key=key)
    assert bucket.keys() == []
    target = " ".join(f"{name}={value}" for name, value in empty_database.items())
    said = StringIO()
    call_command("restore", str(folder), database_url=target, stdout=said)
    assert "Restored" in said.getvalue()
    assert bucket.keys() == [key] and bucket.read(key) == DOCUMENT
    assert backups.mismatches(empty_database, backups.media_roots(), manifest) == []
    # A file that then goes missing is reported.
    bucket.server.client().delete_object(Bucket=bucket.name, Key=key)
    assert backups.mismatches(empty_database, backups.media_roots(), manifest) == [
        f"private-media/{key}: missing or different"
    ]
