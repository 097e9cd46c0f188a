import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from search.kinds import kinds, reindex


class Command(BaseCommand):
    help = (
        "Rebuild the search index of every practice, result, thread and post (after a "
        "change of the analyser, the synonyms need none), with a progress bar."
    )

    def add_arguments(self, parser):
        names = ", ".join(kind.name for kind in kinds())
        parser.add_argument("kinds", nargs="*", help=f"Only these kinds ({names}).")
        parser.add_argument(
            "--missing", action="store_true",
            help="Only rows not indexed yet (after an upgrade that changed the analysis).",
        )  # fmt: skip

    def handle(self, *args, **options):
        unknown = set(options["kinds"]) - {kind.name for kind in kinds()}
        if unknown:
            raise CommandError(f"No such kind: {', '.join(sorted(unknown))}.")
        for kind in kinds():
            if options["kinds"] and kind.name not in options["kinds"]:
                continue
            started = time.monotonic()
            with transaction.atomic():
                done = reindex(
                    kind, missing=options["missing"],
                    progress=lambda done, total, k=kind: self.bar(k, done, total),
                )  # fmt: skip
            if not done:
                self.bar(kind, 0, 0)
            elif not connection.in_atomic_block:
                # Every row was written anew: reclaim the old copies and refresh the
                # statistics now, as autovacuum would later (measured: searches over a table
                # re-indexed twice without it are a quarter slower).
                with connection.cursor() as cursor:
                    table = connection.ops.quote_name(kind.model._meta.db_table)
                    cursor.execute(f"VACUUM (ANALYZE) {table}")
            self.stdout.write(f"{kind.name}: {done} in {time.monotonic() - started:.1f} s")

    def bar(self, kind, done, total, width=30):
        filled = width * done // total if total else width
        percent = 100 * done // total if total else 100
        if (kind.name, percent) == getattr(self, "drawn", None) and done < total:
            return  # redrawn when the figure changes, not for every chunk
        self.drawn = (kind.name, percent)
        sys.stderr.write(
            f"\r{kind.name:<10} [{'#' * filled}{'.' * (width - filled)}] {percent:3d}% "
            f"{done}/{total}"
        )
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()
