"""The good-practice database at 10,000 practices: the list page and a filtered search.

    .tools/bin/uv run python bench/practices.py      (or: uv run python bench/practices.py)

Loads the practices once into a database of its own (empirie_bench, on DATABASE_URL's server
or the embedded one), then requests each page through Django's whole stack (middleware,
views, templates) in this process and prints the median and 95th percentile of the time it
took, and the number of SQL queries. Options: --requests N, --practices N, --json FILE.
"""

import argparse
import json
import os
import random
import statistics
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "empirie.settings.bench"

import django  # noqa: E402

# Static files come from the source folders here; whitenoise's note about STATIC_ROOT is noise.
warnings.filterwarnings("ignore", message="No directory at")

CITY_COUNT = 600
WORDS = [
    "budżet",
    "obywatelski",
    "rower",
    "miejski",
    "żłobek",
    "senior",
    "karta",
    "mieszkańca",
    "kultura",
    "promocja",
    "energia",
    "oświetlenie",
    "termomodernizacja",
    "e-usługi",
    "urząd",
    "dialog",
    "rada",
    "młodzieży",
    "partnerstwo",
    "organizacje",
    "pozarządowe",
    "rewitalizacja",
    "zieleń",
    "ogrody",
    "łąka",
    "woda",
    "deszczówka",
    "transport",
    "autobus",
    "szkoła",
    "biblioteka",
    "sport",
    "turystyka",
    "dziedzictwo",
    "rynek",
    "kamienica",
    "inwestor",
    "strefa",
    "przedsiębiorczość",
    "inkubator",
    "cyfryzacja",
    "dane",
    "otwarte",
    "mapa",
    "konsultacje",
    "społeczne",
    "wolontariat",
    "opieka",
    "zdrowie",
    "profilaktyka",
    "bezpieczeństwo",
    "monitoring",
    "odpady",
    "recykling",
    "smog",
    "powietrze",
]


def create_database():
    """The bench database on a real server must exist before Django connects to it."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "empirie.embedded_postgres":
        return  # the embedded backend creates its database itself
    import psycopg
    from psycopg import sql

    server = {"dbname": "postgres", "user": database.get("USER") or "postgres",
              "host": database.get("HOST") or None, "port": database.get("PORT") or None,
              "password": database.get("PASSWORD") or None}  # fmt: skip
    with psycopg.connect(**server, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [database["NAME"]]
        ).fetchone()
        if not exists:
            connection.execute(
                sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database["NAME"]))
            )


def load(practice_count: int) -> None:
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from cities.choices import ProgrammeStatus, UnitType, Voivodeship
    from cities.models import City
    from practices.choices import PracticeStatus
    from practices.data import CATEGORY_TREE
    from practices.models import Category, Practice
    from practices.services import search_index

    call_command("migrate", verbosity=0)
    have = Practice.objects.filter(slug__startswith="bench-").count()
    if have >= practice_count:
        print(f"» {have} practices already loaded")
        return
    print(f"» loading {practice_count - have} practices (once)…", flush=True)
    rng = random.Random(2026)
    for position, (name, children) in enumerate(CATEGORY_TREE):
        parent, _ = Category.objects.get_or_create(
            name=name, parent=None, defaults={"slug": f"bench-k{position}", "position": position}
        )
        for number, child in enumerate(children):
            Category.objects.get_or_create(
                name=child, parent=parent,
                defaults={"slug": f"bench-k{position}-{number}", "position": number},
            )  # fmt: skip
    categories = list(Category.objects.all())
    voivodeships, unit_types = list(Voivodeship.values), list(UnitType.values)
    City.objects.bulk_create(
        [
            City(
                name=f"Miasto {number}", slug=f"bench-miasto-{number}",
                unit_type=rng.choice(unit_types), county=f"powiat {number}",
                voivodeship=rng.choice(voivodeships), postal_code="00-001",
                population=int(rng.lognormvariate(10.3, 1.0)) + 1000,
                latitude=round(rng.uniform(49.3, 54.4), 5), longitude=round(rng.uniform(14.6, 23.8), 5),
                programme_status=ProgrammeStatus.NONE,
            )
            for number in range(CITY_COUNT)
        ],
        ignore_conflicts=True,
    )  # fmt: skip
    cities = list(City.objects.filter(slug__startswith="bench-miasto-"))
    now = timezone.now()

    # Words as real texts use them: a few very common, most rare (Zipf's law), the
    # searched-for ones among the middling.
    syllables = [
        "ka",
        "mi",
        "lo",
        "wa",
        "ne",
        "to",
        "ro",
        "sa",
        "pe",
        "du",
        "ze",
        "bi",
        "ja",
        "go",
        "cy",
        "rz",
        "sz",
        "ch",
        "ła",
        "ść",
        "ży",
        "no",
    ]
    vocabulary = [
        "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(4000)
    ]
    for word in WORDS:
        vocabulary.insert(rng.randint(20, 1500), word)
    weights = [1 / (rank + 5) for rank in range(len(vocabulary))]

    def text(words):
        return " ".join(rng.choices(vocabulary, weights, k=words))

    with transaction.atomic():
        batch = [
            Practice(
                slug=f"bench-{number}", title=text(5).capitalize(), summary=text(40),
                presentation="<p>" + text(200) + "</p>", category=rng.choice(categories),
                city=rng.choice(cities), status=PracticeStatus.PUBLISHED,
                published_at=now - timezone.timedelta(days=rng.randint(0, 4000)),
            )
            for number in range(have, practice_count)
        ]  # fmt: skip
        Practice.objects.bulk_create(batch, batch_size=1000)
        for done, practice in enumerate(
            Practice.objects.filter(slug__startswith="bench-", search_vector=None), 1
        ):
            search_index(practice)
            if done % 1000 == 0:
                print(f"  indexed {done}", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # as autovacuum would after a load this size


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
    parser.add_argument("--practices", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    options = parser.parse_args()
    django.setup()
    create_database()
    load(options.practices)

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
