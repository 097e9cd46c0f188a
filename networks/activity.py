"""When each person last took part in each of their networks (Participation.last_active_at):
the start of the latest meeting of the network they attended, their latest post in its
threads, their latest comment on its results, whichever is latest. figures.staff's quiet
cities read it from the participations alone, not from a year of posts and comments.

Counted as the statistics always counted them: a post or comment hidden by the coordinator
or deleted by its author still says its author took part; a meeting counts by its start,
cancelled or not. Only a row that is gone (or no longer the person's, or moved to another
network) stops counting.

Kept by recount(), which works it out again from the sources (never adds to what was there),
on the rows locked: of two writers recounting the same person at once, the second reads the
sources once the first has committed, so the later commit holds everything. It runs inside
the write's transaction: the signals (networks.signals) call it on a post, a comment, a
registration, a meeting, a thread, a result or a participation saved or deleted, and the
services call it after their queryset updates (attendance by the list or an online report, an
account erased). Bulk loads (national_data, demo_data) fill every row at the end with
recount_all()."""

from django.db import connection, transaction
from django.db.models import DateTimeField, Max, OuterRef, Subquery
from django.db.models.functions import Greatest

from .models import Participation


def last_active_expression():
    """The latest moment the participation's person took part in its network, for UPDATE
    ... SET (OuterRef: the participation's network and person)."""
    from discussions.models import Post
    from meetings.models import Registration
    from results.models import Comment

    person, network = OuterRef("person_id"), OuterRef("network_id")
    attended = Registration.objects.filter(  # visible: a column written, nothing shown
        person=person, attended=True, meeting__network=network
    )
    wrote = Post.objects.filter(author=person, thread__network=network)  # visible: as above
    commented = Comment.objects.filter(author=person, result__network=network)  # visible: same
    # Each the latest moment of its kind (NULL for none); GREATEST passes over the NULLs.
    return Greatest(
        *(
            Subquery(rows.order_by().values(by).annotate(at=Max(column)).values("at")[:1])
            for rows, by, column in [
                (attended, "person", "meeting__starts_at"),
                (wrote, "author", "created_at"),
                (commented, "author", "created_at"),
            ]
        ),
        output_field=DateTimeField(),
    )


def recount(*, person_ids, network_id=None) -> int:
    """Work out last_active_at again for the participations of these people (ids, or a
    queryset of ids) in the network (None: in each of their networks, for a row that moved
    between networks or an author who is no longer one). Returns the rows written.

    The rows are locked first (in id order), then written by an UPDATE of their own: under
    READ COMMITTED a statement that waited for another writer's lock still reads the sources
    as they were when it began, so a single UPDATE may miss the post the other writer has
    just committed; the second statement begins after the wait and sees it."""
    if isinstance(person_ids, int):
        person_ids = [person_ids]
    rows = Participation.objects.filter(person_id__in=person_ids)  # visible: written, not shown
    if network_id is not None:
        rows = rows.filter(network_id=network_id)
    with transaction.atomic(savepoint=False):
        locked = list(
            rows.order_by("pk").select_for_update(no_key=True).values_list("pk", flat=True)
        )
        if not locked:
            return 0
        return Participation.objects.filter(pk__in=locked).update(  # visible: as above
            last_active_at=last_active_expression()
        )


RECOUNT_ALL = """
UPDATE networks_participation AS participation
SET last_active_at = latest.at
FROM networks_participation AS own
LEFT JOIN (
    SELECT network_id, person_id, MAX(at) AS at FROM (
        SELECT meeting.network_id, registration.person_id, MAX(meeting.starts_at) AS at
        FROM meetings_registration AS registration
        JOIN meetings_meeting AS meeting ON meeting.id = registration.meeting_id
        WHERE registration.attended
        GROUP BY 1, 2
        UNION ALL
        SELECT thread.network_id, post.author_id, MAX(post.created_at)
        FROM discussions_post AS post
        JOIN discussions_thread AS thread ON thread.id = post.thread_id
        WHERE post.author_id IS NOT NULL
        GROUP BY 1, 2
        UNION ALL
        SELECT result.network_id, comment.author_id, MAX(comment.created_at)
        FROM results_comment AS comment
        JOIN results_result AS result ON result.id = comment.result_id
        WHERE comment.author_id IS NOT NULL
        GROUP BY 1, 2
    ) AS activity
    GROUP BY 1, 2
) AS latest ON latest.network_id = own.network_id AND latest.person_id = own.person_id
WHERE own.id = participation.id AND participation.last_active_at IS DISTINCT FROM latest.at
"""


def recount_all() -> None:
    """Every participation's last_active_at from the sources, for a bulk load: the year's
    activity grouped once by (network, person) rather than probed for each participation."""
    with connection.cursor() as cursor:
        cursor.execute(RECOUNT_ALL)
