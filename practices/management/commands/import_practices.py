"""python manage.py import_practices FILE [--dry-run]: practices from CSV or XLSX, all or none."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, OutputWrapper
from django.utils.translation import gettext as _

from practices.exchange import ImportFileError, import_practices, read_table


class ProgressBar:
    """A bar redrawn in place on the error stream (the command draws it only on a terminal)."""

    def __init__(self, stream, width=40):
        self.stream, self.width, self.shown = stream, width, -1  # a file, or an OutputWrapper

    def __call__(self, done, total):
        percent = 100 * done // max(total, 1)
        if percent == self.shown:
            return
        self.shown = percent
        filled = self.width * done // max(total, 1)
        bar = "█" * filled + "·" * (self.width - filled)
        text = f"\r{bar} {percent:3d}% ({done}/{total})" + ("\n" * (done >= total))
        if isinstance(self.stream, OutputWrapper):
            self.stream.write(text, ending="")
        else:
            self.stream.write(text)
        self.stream.flush()


class Command(BaseCommand):
    help = "Import good practices from a CSV or XLSX file (columns in the README)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check every row and save nothing."
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="Draw no progress bar on the terminal."
        )

    def handle(self, *args, file: Path, dry_run: bool, no_progress: bool, **options):
        try:
            with file.open("rb") as upload:
                rows = read_table(upload, file.name)
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(reason)s") % {"file": file, "reason": error.strerror}
            ) from error
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        show_progress = not no_progress and options["verbosity"] > 0 and self.stderr.isatty()
        progress = ProgressBar(self.stderr) if show_progress else None
        report = import_practices(rows, dry_run=dry_run, progress=progress)
        for error in report.errors:
            self.stderr.write(str(error))
        if report.errors:
            raise CommandError(report.summary())
        self.stdout.write(self.style.SUCCESS(report.summary()))
