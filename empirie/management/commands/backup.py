from pathlib import Path

from django.core.management.base import BaseCommand

from empirie.backups import backup


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into a new folder (see empirie/backups.py)."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, default=Path("backups"))

    def handle(self, *args, output, **options):
        folder = backup(output)
        self.stdout.write(self.style.SUCCESS(f"Backup written to {folder}"))
