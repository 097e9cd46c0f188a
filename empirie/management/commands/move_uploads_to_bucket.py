"""Copy the uploads kept on this server's disk (PRIVATE_MEDIA_ROOT) to the bucket that
STORAGE_URL names, each under its own name, so the rows that name them find them there."""

from pathlib import Path

from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from empirie.uploads import is_bucket, private_storage, sha256_of


class Command(BaseCommand):
    help = (
        "Copy every uploaded file from PRIVATE_MEDIA_ROOT to the bucket (STORAGE_URL), each "
        "checked by its SHA-256 read back from the bucket; files already there, identical, are "
        "skipped, so it may be run again. The local copies stay unless --delete-local."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--delete-local",
            action="store_true",
            help="delete each local file once its copy in the bucket is verified",
        )

    def handle(self, *args, delete_local, **options):
        bucket = private_storage()
        if not is_bucket(bucket):
            raise CommandError(_("STORAGE_URL is not set: there is no bucket to move files to."))
        root = Path(settings.PRIVATE_MEDIA_ROOT)
        files = root.rglob("*") if root.exists() else ()
        paths = sorted(p for p in files if p.is_file() and not p.is_symlink())
        counts = {"copied": 0, "identical": 0, "failed": 0}
        for number, path in enumerate(paths, 1):
            name = path.relative_to(root).as_posix()
            try:
                outcome, said = self.moved(bucket, path, name)
                if outcome != "failed" and delete_local:
                    path.unlink()
                    said = _("%(outcome)s; local copy deleted") % {"outcome": said}
            except (OSError, BotoCoreError, ClientError) as error:
                outcome, said = "failed", _("failed: %(error)s") % {"error": error}
            counts[outcome] += 1
            line = f"[{number}/{len(paths)}] {name}: {said}"
            self.stdout.write(self.style.ERROR(line) if outcome == "failed" else line)
        summary = _(
            "Copied: %(copied)d, already in the bucket: %(identical)d, failed: %(failed)d "
            "(files in all: %(total)d)."
        ) % {**counts, "total": len(paths)}
        if counts["failed"]:
            raise CommandError(
                summary + " " + _("Nothing was deleted for the failed files; run again.")
            )
        self.stdout.write(self.style.SUCCESS(summary))

    def moved(self, bucket, path: Path, name: str) -> tuple[str, str]:
        """The file copied under its name and verified: ("copied" or "identical", what to say),
        or ("failed", why), the bucket then holding no copy of ours."""
        with path.open("rb") as local:
            digest = sha256_of(local)
        if bucket.exists(name):
            if self.read_back(bucket, name) == digest:
                return "identical", _("already in the bucket, identical")
            return "failed", _("a different file of this name is in the bucket; left as it is")
        with path.open("rb") as local:
            saved = bucket.save(name, File(local, name=name))
        if saved != name:  # someone wrote that name meanwhile: keep theirs, drop ours
            bucket.delete(saved)
            return "failed", _("a different file of this name is in the bucket; left as it is")
        if self.read_back(bucket, name) != digest:
            bucket.delete(name)
            return "failed", _("the copy read back differs from the file; removed from the bucket")
        return "copied", _("copied, checksum verified")

    def read_back(self, bucket, name: str) -> str:
        with bucket.open(name, "rb") as copy:
            return sha256_of(copy)
