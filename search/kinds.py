"""The kinds of text the search holds, each with the rows it indexes and what it reads of
them (the owning app's search_document), for re-indexing them all at once."""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Q

from .index import is_ranked_apart, remember_words, vectors

CHUNK = 500


@dataclass(frozen=True)
class Kind:
    name: str
    rows: callable  # () -> the queryset to index, with what the documents read
    document: callable  # row -> analysis.Document

    @property
    def model(self):
        return self.rows().model


def kinds() -> list[Kind]:
    from discussions import services as discussion_services
    from discussions.models import Post, Thread
    from meetings import services as meeting_services
    from meetings.models import Meeting, MeetingReport
    from practices import services as practice_services
    from practices.models import Practice
    from results import services as result_services
    from results.models import Result

    return [
        Kind(
            "practices",
            lambda: Practice.objects.select_related("category__parent", "city").prefetch_related(
                "tags"
            ),
            practice_services.search_document,
        ),
        Kind("results", lambda: Result.objects.select_related("network"),
             result_services.search_document),
        Kind("meetings",
             lambda: Meeting.objects.select_related("host_city").prefetch_related("agenda"),
             meeting_services.meeting_document),
        Kind("reports", lambda: MeetingReport.objects.all(), meeting_services.report_document),
        Kind("threads", lambda: Thread.objects.all(), discussion_services.thread_document),
        Kind("posts", lambda: Post.objects.all(), discussion_services.post_document),
    ]  # fmt: skip


def reindex(kind: Kind, first_id=0, progress=None, missing=False) -> int:
    """Rebuild the vectors of `kind`'s rows from id `first_id` on (with `missing`, only of
    rows that have none), a chunk per statement; `progress(done, total)` is called after each
    chunk. Returns how many rows it indexed."""
    rows = kind.rows().filter(pk__gte=first_id).order_by("pk")
    ranked = is_ranked_apart(kind.model)
    if missing:
        unindexed = Q(search_vector__isnull=True) | (Q(rank_vector__isnull=True) if ranked else Q())
        rows = rows.filter(unindexed)
    total = rows.count()
    table = connection.ops.quote_name(kind.model._meta.db_table)
    columns = ["search_vector", *(["rank_vector"] if ranked else [])]
    assignments = ", ".join(f"{name} = v.{name}::tsvector" for name in columns)
    arrays = ", ".join(["%s::text[]"] * len(columns))
    done, last = 0, first_id - 1
    while True:
        chunk = list(rows.filter(pk__gt=last)[:CHUNK])
        if not chunk:
            return done
        documents = [kind.document(row) for row in chunk]
        literals = [vectors(kind.model, document) for document in documents]
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} AS t SET {assignments} "  # noqa: S608  # nosec B608 - a model's own table and fields
                f"FROM unnest(%s::bigint[], {arrays}) AS v(id, {', '.join(columns)}) "
                "WHERE t.id = v.id",
                [[row.pk for row in chunk],
                 *([each[name] for each in literals] for name in columns)],
            )  # fmt: skip
        remember_words(documents)
        done += len(chunk)
        last = chunk[-1].pk
        if progress:
            progress(done, total)
