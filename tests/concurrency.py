"""Calls made at the same moment, each in a thread with its own database connection: what
locks and re-checks are for."""

import threading

from django.db import connection


def run_at_once(*calls):
    """Each call in a thread of its own, released together; what each returned or raised."""
    barrier, outcomes = threading.Barrier(len(calls)), [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            outcomes[index] = call()
        except Exception as error:  # noqa: BLE001 - the outcome under test
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=[i, c]) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes
