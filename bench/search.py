"""The search measured: relevance on tests/search's set, latency on the national data set.

    .venv/bin/python bench/search.py                 # both
    .venv/bin/python bench/search.py --only relevance
    .venv/bin/python bench/search.py --only latency

Relevance: the relevance set's 509 cards are loaded into a database of their own
(empirie_bench_relevance on DATABASE_URL's server, or the embedded one) and searched by
the search as it was before issue 18 (PostgreSQL's `simple` configuration over folded title,
summary and presentation, websearch syntax) and by the current search with each analyser
(Morfeusz 2, the portal's; pySTEMPEL; folded word forms without lemmas): recall@5, MRR and
nDCG@10 side by side, practices and results ranked together.

Latency: 500 distinct queries made of the national data set's own words (whole words, the
beginning of a word being typed, a typo, a word without Polish letters), each asked once by
two connections at a time of a gunicorn server (2 workers, production-like settings, an
empty cache), for the practice list's search and for the portal's one search; a bare Django
view the same way for scale. p50 and p95 in milliseconds.
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

ANALYSERS = ["morfeusz", "stempel", "forms"]
QUERIES = 500
CONNECTIONS = 2


def relevance():
    os.environ["DJANGO_SETTINGS_MODULE"] = "empirie.settings.bench"
    os.environ["BENCH_DATABASE_NAME"] = "empirie_bench_relevance"
    import django
    import run

    django.setup()
    run.create_database("empirie_bench_relevance")
    from django.contrib.auth.models import AnonymousUser
    from django.core.management import call_command
    from django.db import connection

    from practices.models import Practice
    from results.models import Result
    from search import analysis, selectors
    from search.kinds import kinds, reindex
    from search.models import Word
    from search.query import understood
    from tests.search import corpus

    call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    keys = corpus.load()
    judged = corpus.judgments()
    texts = [q["q"] for q in judged["queries"]] + [n["q"] for n in judged["negatives"]]
    table = {}

    def score(answer_of):
        ranked = {text: answer_of(text) for text in texts}
        figures, missed = corpus.scores(ranked)
        figures["negatives broken"] = len(corpus.intruders(ranked))
        return figures, missed

    table["before (simple)"] = score(lambda text: simple_search(connection, keys, text))
    for name in ANALYSERS:
        analysis.use_analyser(name)
        Word.objects.all().delete()
        for kind in kinds():
            if kind.model in (Practice, Result):
                reindex(kind)
        table[name] = score(
            lambda text: [
                keys[kind, row.pk]
                for kind, row in selectors.best(AnonymousUser(), understood(text))
            ]
        )
    print("\nRelevance (tests/search: 77 queries, 15 negatives; practices and results together)")
    print(f"{'search':<18}{'recall@5':>10}{'MRR':>8}{'nDCG@10':>9}{'negatives broken':>18}")
    for name, (figures, _missed) in table.items():
        print(f"{name:<18}{figures['recall@5']:>10.3f}{figures['MRR']:>8.3f}"
              f"{figures['nDCG@10']:>9.3f}{figures['negatives broken']:>18}")  # fmt: skip
    for query, wanted, got in table["morfeusz"][1]:
        print(f"  morfeusz misses {query!r}: {wanted} (top five: {got})")
    return {name: figures for name, (figures, _missed) in table.items()}


def simple_search(connection, keys, text):
    """The search before issue 18: folded title, summary and presentation through the
    `simple` configuration, websearch syntax, ranked by ts_rank."""
    from empirie.folding import folded

    fold = "translate(lower({}), 'ąćęłńóśźż', 'acelnoszz')"
    rows = []
    for kind, table, title, summary, body in [
        ("practice", "practices_practice", "title", "summary", "presentation"),
        ("result", "results_result", "title", "summary", "body"),
    ]:
        vector = (
            f"setweight(to_tsvector('simple', {fold.format(title)}), 'A') || "
            f"setweight(to_tsvector('simple', {fold.format(summary)}), 'B') || "
            f"setweight(to_tsvector('simple', {fold.format(body)}), 'C')"
        )
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id, ts_rank({vector}, q) FROM {table}, "  # noqa: S608  # nosec B608 - the tables and columns are this code's own
                "websearch_to_tsquery('simple', %s) q "
                f"WHERE {vector} @@ q ORDER BY 2 DESC, id LIMIT 10",
                [folded(text)],
            )
            rows += [(rank, keys[kind, pk]) for pk, rank in cursor.fetchall()]
    return [key for _rank, key in sorted(rows, key=lambda row: -row[0])][:10]


def national_queries(count=QUERIES, seed=18):
    """Distinct queries of the data set's own words: practice titles' words, whole or cut
    short, misspelt or without Polish letters, one to three at a time."""
    from empirie.folding import folded
    from practices.models import Practice

    rng = random.Random(seed)
    titles = list(Practice.objects.order_by("?").values_list("title", flat=True)[:3000])
    words = sorted({w for title in titles for w in title.lower().split() if len(w) > 3})
    queries = set()
    while len(queries) < count:
        picked = rng.sample(words, rng.choice([1, 1, 2, 2, 3]))
        how = rng.random()
        if how < 0.2:
            picked[-1] = picked[-1][: max(3, len(picked[-1]) // 2)]  # still typing
        elif how < 0.3:
            i = rng.randrange(len(picked[-1]))
            picked[-1] = picked[-1][:i] + picked[-1][i + 1 :]  # a letter missed
        elif how < 0.45:
            picked = [folded(word) for word in picked]  # no Polish letters
        queries.add(" ".join(picked))
    return sorted(queries)


def timed(urls):
    """Each URL asked once, two at a time; the milliseconds of each answer."""

    def get(url):
        started = time.perf_counter()
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310  # nosec B310
            response.read()
            assert response.status == 200, url
        return (time.perf_counter() - started) * 1000

    with ThreadPoolExecutor(CONNECTIONS) as pool:
        return list(pool.map(get, urls))


def percentiles(times):
    ordered = sorted(times)
    return {
        "p50": round(statistics.median(ordered), 1),
        "p95": round(ordered[int(len(ordered) * 0.95) - 1], 1),
        "n": len(ordered),
    }


def latency():
    import run

    os.environ["DJANGO_SETTINGS_MODULE"] = "empirie.settings.bench"
    redis_ports, caches = run.start_caches()
    try:
        run.setup_database(1.0)
        queries = national_queries()
        port = run.free_port()
        server = run.start_server(port)
        try:
            base = f"http://127.0.0.1:{port}"
            import redis

            flush = [redis.Redis(port=p).flushall for p in redis_ports]
            figures = {}
            for name, path in [
                ("bare Django view", "/bench/bare/?q="),
                ("practice search (/praktyki/?q=)", "/praktyki/?q="),
                ("portal search (/szukaj/?q=)", "/szukaj/?q="),
            ]:
                for each in flush:
                    each()
                timed([f"{base}{path}{urllib.parse.quote('rozwój')}"] * 4)  # connections
                urls = [f"{base}{path}{urllib.parse.quote(query)}" for query in queries]
                figures[name] = percentiles(timed(urls))
        finally:
            server.terminate()
            server.wait()
    finally:
        for cache in caches:
            cache.terminate()
    print(f"\nLatency: {QUERIES} distinct queries once each, {CONNECTIONS} connections, "
          "national data (10,000 practices, 400,000 posts), empty cache")  # fmt: skip
    print(f"{'page':<34}{'p50 ms':>8}{'p95 ms':>8}")
    for name, row in figures.items():
        print(f"{name:<34}{row['p50']:>8}{row['p95']:>8}")
    return {"queries": queries[:20], **figures}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=["relevance", "latency"])
    parser.add_argument("--json", type=Path, help="write the figures here")
    options = parser.parse_args()
    figures = {}
    if options.only is None:
        # Each part sets Django up on a database of its own: the latency in a process apart.
        figures["relevance"] = relevance()
        latency_json = ROOT / "bench" / "results" / "search-latency.json"
        latency_json.parent.mkdir(exist_ok=True)
        subprocess.run([sys.executable, __file__, "--only", "latency", "--json", latency_json],
                       check=True)  # fmt: skip
        figures.update(json.loads(latency_json.read_text()))
    elif options.only == "relevance":
        figures["relevance"] = relevance()
    else:
        figures["latency"] = latency()
    if options.json:
        options.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
