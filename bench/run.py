"""The portal under load at national scale, against a bare Django view on the same server.

    .venv/bin/python bench/run.py                    # the full data set: the mix, then each page
    .venv/bin/python bench/run.py --only mixed       # the mixed workload alone (bench/mixed.py)
    .venv/bin/python bench/run.py --scales 0.1 0.5 1 # growth: the same pages at 10/50/100%

For each scale: a database of its own (empirie_bench_s<percent>, or BENCH_DATABASE_PREFIX's
instead of empirie_bench, on DATABASE_URL's server, or the embedded one) loaded once by `manage.py national_data`; two Redis servers of the
benchmark's own; gunicorn with 2 sync workers and production-like settings
(empirie.settings.bench); wrk on loopback. First the mixed workload (many people, many
distinct pages, an empty cache, warm, and warm with a writer: bench/mixed.py), then one URL at
a time (16 connections for the throughput and latency percentiles, 2 for the median server
time; the SQL queries of each page counted in process). Prints the tables and writes them as
JSON (--json, default bench/results/latest.json). Needs wrk and redis-server (Debian packages
`wrk`, `redis-server`; wrk is installed with apt if missing).
"""

import argparse
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "empirie.settings.bench"
# Static files come from the source folders here; whitenoise's note about STATIC_ROOT is noise.
warnings.filterwarnings("ignore", message="No directory at")

# (name, role's e-mail or None for a visitor, path or a function of the data giving it)
PAGES = [
    ("bare Django view", None, "/bench/bare/"),
    ("home (network list)", None, "/"),
    ("network's public page", None, "/sieci/miasto-cyfrowe/"),
    ("network's inside", "pracownik@empirie.test", "/sieci/miasto-cyfrowe/wnetrze/"),
    ("coming meetings", "pracownik@empirie.test", "/spotkania/"),
    ("meetings archive", "pracownik@empirie.test", "/spotkania/archiwum/"),
    ("calendar feed", None, "calendar"),
    (
        "practice search + filters",
        None,
        "/praktyki/?q=rower+miejski&voivodeship=mazowieckie&population=small",
    ),
    ("map of practices", None, "/praktyki/mapa/"),
    ("result, 200 comments", "obserwator@empirie.test", "result"),
    ("observer's home", "obserwator@empirie.test", "/wyniki/do-opinii/"),
    ("notifications", "pracownik@empirie.test", "/konto/powiadomienia/"),
    ("network's discussions", "pracownik@empirie.test", "/sieci/miasto-cyfrowe/dyskusje/"),
    ("thread, 500 posts, last page", "pracownik@empirie.test", "long thread"),
]


def create_database(name):
    """The database `name` on the settings' server, made if missing (the embedded server
    makes its own)."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] != "empirie.embedded_postgres":
        import psycopg
        from psycopg import sql

        server = {"dbname": "postgres", "user": database.get("USER") or "postgres",
                  "host": database.get("HOST") or None, "port": database.get("PORT") or None,
                  "password": database.get("PASSWORD") or None}  # fmt: skip
        with psycopg.connect(**server, autocommit=True) as connection:
            if not connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [name]
            ).fetchone():
                connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def setup_database(scale):
    import django

    # BENCH_DATABASE_PREFIX: a developer's own copy beside others' on a shared server.
    name = f"{os.environ.get('BENCH_DATABASE_PREFIX', 'empirie_bench')}_s{round(scale * 100)}"
    os.environ["BENCH_DATABASE_NAME"] = name
    django.setup()
    from django.core.management import call_command

    create_database(name)
    call_command("migrate", verbosity=0)
    from cities.models import City

    if not City.objects.filter(slug__startswith="bench-").exists():
        print(f"» loading the national data set at {scale:.0%} into {name} (once)", flush=True)
        call_command("national_data", scale=scale)


def arguments_from_data():
    from accounts.models import User
    from meetings.models import CalendarFeed
    from meetings.services import calendar_feed_renew
    from results.models import Result

    member = User.objects.get(email="pracownik@empirie.test")
    feed = CalendarFeed.objects.filter(person=member).first() or calendar_feed_renew(person=member)
    # The one national_data gave 200 comments: the demo now has several of the expert's.
    result = Result.objects.filter(
        network__slug="miasto-cyfrowe", author__email="ekspert@empirie.test"
    ).first()
    from discussions.models import Thread
    from networks.management.commands.national_data import LONG_THREAD

    thread = Thread.objects.get(title=LONG_THREAD)
    return {"calendar": f"/spotkania/kalendarz/{feed.token}.ics", "result": f"/wyniki/{result.pk}/",
            "long thread": f"{thread.get_absolute_url()}?strona=10"}  # fmt: skip


def session_cookie(email):
    from django.conf import settings
    from django.test import Client

    from accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email=email))
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def count_queries(path, email):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User

    client = Client()
    if email:
        client.force_login(User.objects.get(email=email))
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        status = client.get(path).status_code
    assert status == 200, (path, status)
    return len(queries.captured_queries)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "empirie.settings.bench"}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "empirie.wsgi", "--workers", "2", "--bind",
         f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/bare/", timeout=1)  # noqa: S310  # a fixed http URL  # nosec B310
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start")


def wrk(url, connections, seconds, cookie, script=None, env=None):
    script = script or ROOT / "bench" / "stats.lua"
    command = ["wrk", f"-t{min(connections, 2)}", f"-c{connections}", f"-d{seconds}s",
               "--timeout", "10s", "-s", str(script), url]  # fmt: skip
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(
        command, capture_output=True, text=True, check=True, env={**os.environ, **(env or {})}
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def start_caches():
    """Two Redis servers of the benchmark's own (bench/mixed.py says why); the portal, gunicorn
    and the writer all use them."""
    import mixed

    ports = [free_port(), free_port()]
    servers = [mixed.start_redis(port) for port in ports]
    os.environ["REDIS_URL"] = f"redis://127.0.0.1:{ports[0]}/0"
    os.environ["CACHE_REDIS_URL"] = f"redis://127.0.0.1:{ports[1]}/0"
    return ports, servers


def ensure_wrk():
    if shutil.which("wrk"):
        return
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", "wrk"], check=True)


def measure(scale, seconds, mixed_seconds, only):
    import mixed as mixed_workload

    redis_ports, caches = start_caches()
    setup_database(scale)
    paths = arguments_from_data()
    port = free_port()
    server = start_server(port)
    rows, mixed = [], None
    try:
        if only in (None, "mixed"):
            print("» the mixed workload", flush=True)
            mixed = mixed_workload.measure(port, mixed_seconds, redis_ports, wrk)
        print("» one URL at a time", flush=True)
        for name, email, path in PAGES if only in (None, "pages") else []:
            path = paths.get(path, path)
            cookie = session_cookie(email) if email else None
            url = f"http://127.0.0.1:{port}{path}"
            wrk(url, 16, 2, cookie)  # warm-up: caches, connections, the template loader
            loaded = wrk(url, 16, seconds, cookie)
            light = wrk(url, 2, max(2, seconds // 2), cookie)
            rows.append({
                "page": name, "path": path, "role": email or "visitor",
                "rps_16": loaded["rps"], "p50_16": loaded["p50"], "p95_16": loaded["p95"],
                "p99_16": loaded["p99"], "median_2": light["p50"], "p95_2": light["p95"],
                "errors": loaded["errors"] + loaded["non2xx"],
                "queries": 0 if path.startswith("/bench/") else count_queries(path, email),
            })  # fmt: skip
            print(f"  {name:<28} {loaded['rps']:>8.1f} rps", flush=True)
    finally:
        server.terminate()
        server.wait()
        for cache in caches:
            cache.terminate()
    for row in rows:
        row["share_of_bare"] = round(100 * row["rps_16"] / rows[0]["rps_16"], 1)
    return mixed, rows


def print_table(scale, rows):
    print(f"\nScale {scale:.0%} · gunicorn 2 sync workers · wrk 16 connections (2 for the median)")
    print(
        f"{'page':<28}{'rps':>8}{'% bare':>8}{'p50':>8}{'p95':>8}{'p99':>8}{'med@2':>8}{'SQL':>5}{'err':>5}"
    )
    for r in rows:
        print(f"{r['page']:<28}{r['rps_16']:>8.1f}{r['share_of_bare']:>8.1f}{r['p50_16']:>8.1f}"
              f"{r['p95_16']:>8.1f}{r['p99_16']:>8.1f}{r['median_2']:>8.1f}{r['queries']:>5}{r['errors']:>5}")  # fmt: skip


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scales", type=float, nargs="+", default=[1.0])
    parser.add_argument("--seconds", type=int, default=10, help="per page at 16 connections")
    parser.add_argument("--mixed-seconds", type=int, default=20, help="per phase of the mix")
    parser.add_argument("--only", choices=["mixed", "pages"], help="one of the two measurements")
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "results" / "latest.json")
    options = parser.parse_args()
    ensure_wrk()
    import mixed as mixed_workload

    runs = {}
    for scale in options.scales:
        # Each scale in a process of its own: Django binds one database per process.
        if len(options.scales) > 1:
            out = options.json.with_name(f"scale-{round(scale * 100)}.json")
            subprocess.run([sys.executable, __file__, "--scales", str(scale), "--seconds",
                            str(options.seconds), "--mixed-seconds", str(options.mixed_seconds),
                            *(["--only", options.only] if options.only else []),
                            "--json", str(out)], check=True)  # fmt: skip
            runs[str(scale)] = json.loads(out.read_text())["runs"][str(scale)]
            continue
        mixed, rows = measure(scale, options.seconds, options.mixed_seconds, options.only)
        if mixed:
            mixed_workload.print_tables(scale, mixed)
        if rows:
            print_table(scale, rows)
        runs[str(scale)] = {"mixed": mixed, "pages": rows}
    machine = f"{platform.node()}: {os.cpu_count()} cores, Python {platform.python_version()}"
    options.json.parent.mkdir(parents=True, exist_ok=True)
    options.json.write_text(json.dumps({"machine": machine, "runs": runs}, indent=2))
    if len(options.scales) > 1 and options.only != "mixed":
        print("\nGrowth (median ms at 2 connections):")
        print(f"{'page':<28}" + "".join(f"{s:>8.0%}" for s in options.scales))
        for index, (name, _email, _path) in enumerate(PAGES):
            print(
                f"{name:<28}"
                + "".join(
                    f"{runs[str(s)]['pages'][index]['median_2']:>8.1f}" for s in options.scales
                )
            )
    print(f"\nwritten to {options.json}")


if __name__ == "__main__":
    main()
