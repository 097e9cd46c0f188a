"""The kinds of text the search holds, each with the rows it indexes and what it reads of
them (the owning app's search_document), for re-indexing them all at once."""

from dataclasses import dataclass

from django.db import connection

from .index import remember_words

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
    if missing:
        rows = rows.filter(search_vector__isnull=True)
    total = rows.count()
    table = connection.ops.quote_name(kind.model._meta.db_table)
    done, last = 0, first_id - 1
    while True:
        chunk = list(rows.filter(pk__gt=last)[:CHUNK])
        if not chunk:
            return done
        documents = [kind.document(row) for row in chunk]
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} AS t SET search_vector = v.vector::tsvector "  # noqa: S608  # nosec B608 - a model's own table
                "FROM unnest(%s::bigint[], %s::text[]) AS v(id, vector) WHERE t.id = v.id",
                [[row.pk for row in chunk], [document.tsvector() for document in documents]],
            )
        remember_words(documents)
        done += len(chunk)
        last = chunk[-1].pk
        if progress:
            progress(done, total)
