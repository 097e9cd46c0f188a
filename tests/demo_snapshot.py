"""Data many tests need whole (the demo data, the search tests' corpus), loaded through the
services once per process and put back from a copy for every later test."""

import os
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.sites.models import Site
from django.core.management import call_command
from django.db import connection

from empirie.cache import everything_changed


class DemoSnapshot:
    """The demo data as its first loading in this process left it: every table's rows, the
    sequences and the uploaded files. Loading it through the services takes about 15 s; its
    rows come back in well under one. A test's own changes go with its rollback, or with the
    flush after a live-server test."""

    def __init__(self):
        self.rows: list[tuple[str, bytes]] = []
        self.sequences: list[tuple[str, int, bool]] = []
        self.files = Path(tempfile.mkdtemp(prefix="empirie-demo-files-"))

    @staticmethod
    def tables():
        return sorted(connection.introspection.django_table_names(only_existing=True))

    def take(self):
        with connection.cursor() as cursor:
            for table in self.tables():
                with cursor.cursor.copy(f'COPY "{table}" TO STDOUT (FORMAT BINARY)') as copy:
                    self.rows.append((table, b"".join(bytes(chunk) for chunk in copy)))
            for sequence in connection.introspection.sequence_list():
                name = connection.ops.quote_name(sequence["name"])
                cursor.execute(f"SELECT last_value, is_called FROM {name}")  # noqa: S608  # nosec B608
                self.sequences.append((sequence["name"], *cursor.fetchone()))
        shutil.copytree(settings.PRIVATE_MEDIA_ROOT, self.files, dirs_exist_ok=True)

    def restore(self):
        quoted = ", ".join(f'"{table}"' for table, _rows in self.rows)
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {quoted} CASCADE")
            # The rows are consistent already: no trigger recomputes them, no key is checked.
            cursor.execute("SET session_replication_role = replica")
            try:
                for table, data in self.rows:
                    with cursor.cursor.copy(f'COPY "{table}" FROM STDIN (FORMAT BINARY)') as copy:
                        copy.write(data)
            finally:
                cursor.execute("SET session_replication_role = DEFAULT")
            for name, last_value, is_called in self.sequences:
                cursor.execute("SELECT setval(%s, %s, %s)", [name, last_value, is_called])
        shutil.copytree(self.files, settings.PRIVATE_MEDIA_ROOT, dirs_exist_ok=True)
        ContentType.objects.clear_cache()
        Site.objects.clear_cache()
        everything_changed()


_snapshots: dict[str, tuple[DemoSnapshot, object]] = {}


def loaded_once(name: str, load):
    """What load() writes, in the test's database (an empty one: load() runs on the first
    call in this process, a copy of its rows is put back on later ones); and what it
    returned (the rows' keys come back with them)."""
    if name in _snapshots:
        snapshot, value = _snapshots[name]
        snapshot.restore()
        return value
    value = load()
    snapshot = DemoSnapshot()
    snapshot.take()
    _snapshots[name] = (snapshot, value)
    return value


def load_demo_data():
    """The demo data in the test's database, as `manage.py demo_data` leaves it."""

    def demo_data():
        with open(os.devnull, "w") as quiet:
            call_command("demo_data", stdout=quiet)

    loaded_once("demo", demo_data)
