import subprocess
from pathlib import Path

import psycopg
from django.core.management.base import BaseCommand, CommandError
from psycopg.conninfo import conninfo_to_dict

from empirie.backups import media_roots, mismatches, restore
from empirie.cache import everything_changed


class Command(BaseCommand):
    help = (
        "Restore a backup folder into an empty database (by default the configured one) and "
        "the media folders (the private uploads into the bucket, with STORAGE_URL), then check "
        "every record and file against the backup's manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)
        parser.add_argument("--database-url", help="an empty database; default: the portal's")

    def handle(self, *args, folder, database_url, **options):
        from empirie.backups import current_database, holds_tables

        params = conninfo_to_dict(database_url) if database_url else current_database()
        try:
            full = holds_tables(params)
        except psycopg.OperationalError as error:
            raise CommandError(f"The database cannot be reached: {error}") from error
        if full:
            raise CommandError(
                "The database is not empty; restore into a new one (--database-url)."
            )
        try:
            manifest = restore(folder, params, media_roots())
        except subprocess.CalledProcessError as error:
            said = (error.stderr or b"").decode(errors="replace").strip()
            raise CommandError(f"pg_restore failed: {said}") from error
        if not database_url:
            everything_changed()  # pages cached from the data before must not be served
        if problems := mismatches(params, media_roots(), manifest):
            raise CommandError("The restore is incomplete:\n" + "\n".join(problems))
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {sum(manifest['records'].values())} records and "
                f"{len(manifest['files'])} files from {folder}"
            )
        )
