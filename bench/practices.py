"""The good-practice database at 10,000 practices: the list page and filtered searches.

    .tools/bin/uv run python bench/practices.py      (or: uv run python bench/practices.py)

Runs on the national data set, with its 10,000 practices, that bench/run.py keeps at full
scale (empirie_bench_s100, loaded once by `manage.py national_data`), and requests each page
through Django's whole stack (middleware, views, templates) in this process; prints the median
and 95th percentile of the time it took, and the number of SQL queries. Options:
--requests N, --json FILE.
"""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import setup_database  # noqa: E402  (sets up Django for the bench settings)


def measure(client, url, requests):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(5):  # warm the caches and the connection
        assert client.get(url).status_code == 200, url
    times = []
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    query_count = len(queries.captured_queries)  # now: the next request empties the log
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    times.sort()
    return {
        "url": url,
        "requests": requests,
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1),
        "queries": query_count,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    options = parser.parse_args()
    setup_database(1.0)

    from django.test import Client

    from practices.models import Practice

    client = Client()
    total = Practice.objects.count()
    pages = {
        "list, first page": "/praktyki/",
        "list, page 100": "/praktyki/?page=100",
        "search": "/praktyki/?q=rower+miejski",
        "filtered search": "/praktyki/?q=budzet+obywatelski&voivodeship=malopolskie&population=medium",
        "filters without search": "/praktyki/?unit_type=gmina_miejska&population=small&year=2024",
        "map, filtered search": "/praktyki/mapa/?q=rower+miejski&voivodeship=malopolskie",
    }
    print(f"\n{total} practices; {options.requests} requests each, in-process Django client\n")
    print(f"{'page':<26}{'median ms':>10}{'p95 ms':>10}{'queries':>9}")
    results = {}
    for name, url in pages.items():
        results[name] = measure(client, url, options.requests)
        figures = results[name]
        print(f"{name:<26}{figures['median_ms']:>10}{figures['p95_ms']:>10}{figures['queries']:>9}")
    if options.json:
        options.json.write_text(json.dumps({"practices": total, "pages": results}, indent=2))


if __name__ == "__main__":
    main()
