"""Deleting what the portal no longer needs (accounts.retention, audit.retention), a batch at a
time: each batch is its own short transaction, so a backlog of a million rows never holds its
locks, or a replica's replay, for long."""

BATCH_SIZE = 1000


def delete_in_batches(rows, batch_size=None) -> int:
    """Delete the rows of the queryset `rows`, `batch_size` at a time; return how many went.
    Each DELETE asks `rows`' condition again, so a row that changed since it was picked is
    kept."""
    batch_size = batch_size or BATCH_SIZE
    rows = rows.order_by()  # no sort: any matching rows will do, and the index finds them
    deleted = 0
    while True:
        picked = list(rows.values_list("pk", flat=True)[:batch_size])
        if not picked:
            return deleted
        # Outside a transaction each statement commits on its own (Celery tasks run in
        # autocommit); signal handlers of the model run for each row, as for any delete.
        count, _by_model = rows.filter(pk__in=picked).delete()
        deleted += count
        if len(picked) < batch_size:
            return deleted
