"""A backup restores into an empty database and empty folders with every record and file."""

import os
import uuid
from io import StringIO

import psycopg
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from psycopg import sql

from empirie import backups
from networks.choices import Role
from results import services as result_services
from results.models import Comment
from tests.factories import NetworkFactory, ParticipationFactory

pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL"),
    reason="restores into a new database on DATABASE_URL's server",
)


@pytest.fixture
def empty_database():
    params = backups.libpq_params(backups.current_database())
    name = f"empirie_restore_{uuid.uuid4().hex[:10]}"
    server = {**params, "dbname": "postgres"}
    with psycopg.connect(**server, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield {**params, "dbname": name}
    with psycopg.connect(**server, autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.mark.django_db(transaction=True)  # committed: pg_dump reads from its own connection
def test_a_backup_restores_every_record_and_file(tmp_path, settings, empty_database):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    (settings.MEDIA_ROOT / "photos").mkdir(parents=True)
    (settings.MEDIA_ROOT / "photos" / "rynek.jpg").write_bytes(b"\xff\xd8\xff jpeg bytes")
    network = NetworkFactory(name="MIASTO CYFROWE")
    expert = ParticipationFactory(network=network, role=Role.EXPERT).person
    result = result_services.result_draft(
        by=expert, network_id=network.pk, kind="recommendation", title="Wnioski ze spotkania",
        summary="Skrót", body="<p>Tekst</p>",
    )  # fmt: skip
    result_services.comment_add(result_id=result.pk, by=expert, body="Zażółć gęślą jaźń")
    result_services.attachment_add(
        result_id=result.pk, by=expert, title="Raport",
        upload=SimpleUploadedFile("raport.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"),
    )  # fmt: skip

    folder = backups.backup(tmp_path / "backups")
    assert {p.name for p in folder.iterdir()} == {"database.dump", "files.tar.gz", "manifest.json"}

    restored_media = {"media": tmp_path / "r-media", "private-media": tmp_path / "r-private"}
    manifest = backups.restore(folder, empty_database, restored_media)
    assert backups.mismatches(empty_database, restored_media, manifest) == []
    assert manifest["records"]["results.Comment"] == Comment.objects.count() == 1
    assert len(manifest["files"]) == 2
    with psycopg.connect(**empty_database) as restored:
        body = restored.execute("SELECT body FROM results_comment").fetchone()[0]
    assert body == "Zażółć gęślą jaźń"
    assert (
        restored_media["media"] / "photos" / "rynek.jpg"
    ).read_bytes() == b"\xff\xd8\xff jpeg bytes"


@pytest.mark.django_db(transaction=True)
def test_the_commands_back_up_and_restore_with_a_check(tmp_path, settings, empty_database):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    NetworkFactory(name="MIASTO OBYWATELI")
    call_command("backup", output=tmp_path / "b", stdout=StringIO())
    (folder,) = (tmp_path / "b").iterdir()
    target = " ".join(f"{key}={value}" for key, value in empty_database.items())
    settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT = tmp_path / "m2", tmp_path / "p2"
    said = StringIO()
    call_command("restore", str(folder), database_url=target, stdout=said)
    assert "Restored" in said.getvalue()
    with psycopg.connect(**empty_database) as restored:
        names = [row[0] for row in restored.execute("SELECT name FROM networks_network")]
    assert names == ["MIASTO OBYWATELI"]
    # Never over a database in use: the portal's own, nor the one just restored.
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(folder), stdout=StringIO())
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(folder), database_url=target, stdout=StringIO())
