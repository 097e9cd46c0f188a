"""The navigation's stored "To do" numbers (desk.models.ToDoCount): counted, kept, and told
when they may have changed."""

from datetime import timedelta

from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction
from django.utils import timezone

from .models import GENERATION_SEQUENCE, ToDoCount

# The families a queue reads (desk.selectors.queued): a change in any of them may change a
# number.
TO_DO_FAMILIES = frozenset(
    {"people", "practices", "results", "meetings", "discussions", "message-reports"}
)
# A number counted longer ago is counted again when read: a meeting's week and an opinion
# date run out with no change to tell (beat counts every five minutes).
KEPT_FOR = timedelta(minutes=10)
RECOUNT_QUEUED = "desk:to-do-recount-queued"


def to_do_changed() -> None:
    """Every stored number is now of an older generation: each is counted again when read,
    and (with a worker) a recount is queued once the change is committed."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(%s)", [GENERATION_SEQUENCE])
    if not settings.CELERY_TASK_ALWAYS_EAGER:  # eagerly, the next reader counts
        # robust: a broker that is down costs the recount (beat makes it up), not the write
        transaction.on_commit(queue_recount, robust=True)


def queue_recount() -> None:
    """One recount queued at a time, however many changes a second brings."""
    from .tasks import recount_to_do

    if caches["default"].add(RECOUNT_QUEUED, 1, timeout=60):
        recount_to_do.apply_async(countdown=1)


def stored(person_id: int, access: str) -> tuple[int | None, int]:
    """The person's stored number if it is current (else None), and the generation now: one
    statement, read before any counting so a change meanwhile leaves the new count stale."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT kept.count, kept.generation = now.last_value AND kept.access = %s
                       AND kept.counted_at > %s, now.last_value
                FROM {GENERATION_SEQUENCE} AS now
                LEFT JOIN {ToDoCount._meta.db_table} AS kept ON kept.person_id = %s""",  # noqa: S608  # nosec B608  # our own table names
            [access, timezone.now() - KEPT_FOR, person_id],
        )
        count, current, generation = cursor.fetchone()
    return (count if current else None), generation


def store(person_id: int, count: int, generation: int, access: str) -> None:
    ToDoCount.objects.bulk_create(
        [ToDoCount(person_id=person_id, count=count, generation=generation, access=access,
                   counted_at=timezone.now())],
        update_conflicts=True, unique_fields=["person"],
        update_fields=["count", "generation", "access", "counted_at"],
    )  # fmt: skip


def to_do_recount() -> int:
    """Everyone's stored number counted again (a worker's job: after changes, and by beat);
    people who no longer review have theirs removed. How many were counted."""
    from accounts.models import User
    from networks.access import access_of

    from .selectors import counted_to_do

    caches["default"].delete(RECOUNT_QUEUED)  # changes from now on queue another
    people = User.objects.filter(pk__in=ToDoCount.objects.values("person_id"))
    counted = 0
    for person in people.order_by("pk"):
        access = access_of(person, fresh=True)
        if not person.is_active or not access.reviewer:
            ToDoCount.objects.filter(person=person).delete()
            continue
        counted_to_do(person, access)
        counted += 1
    return counted
