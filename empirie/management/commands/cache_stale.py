from django.core.management.base import BaseCommand

from empirie.cache import everything_changed


class Command(BaseCommand):
    help = (
        "Make every cached page and value stale at once: after a change made around the "
        "portal's models (SQL, QuerySet.update() in a shell, a restore), which no signal saw."
    )

    def handle(self, *args, **options):
        everything_changed()
        self.stdout.write(self.style.SUCCESS("Everything cached before is stale."))
