"""How long the migration that words notifications when read (accounts 0014) takes on the
national data set's 500,000 notifications stored as Polish text.

    .venv/bin/python bench/notification_migration.py [--rows 500000]

On a database of its own (BENCH_DATABASE_NAME, default empirie_bench_notifications, on
DATABASE_URL's server): migrates everything, steps accounts back to 0013, fills the
notification table with --rows rows as the old code stored them (the kinds' Polish wordings
with varied names and dates, one row in eight a text no wording matches), then times
`migrate accounts 0014` (the renames, the new columns and the conversion) and prints how many
rows it converted.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "empirie.settings.bench"
os.environ.setdefault("BENCH_DATABASE_NAME", "empirie_bench_notifications")

# The old code's Polish wordings, filled from the row number n (SQL); the last matches none.
TITLES = [
    "'Nowe zgłoszenie do sieci Sieć ' || mod(n, 48) || ': Anna Nowak ' || n || ' (Konin)'",
    "'Witamy w sieci Sieć ' || mod(n, 48) || ': Twoje zgłoszenie zostało przyjęte'",
    "'Twoje zgłoszenie do sieci Sieć ' || mod(n, 48) || ' zostało odrzucone'",
    "'Zmiana terminu spotkania: Forum ' || n || ', nowy termin 02.12.2026 10:00'",
    "'Spotkanie odwołane: Forum ' || n",
    "'Za ' || (2 + mod(n, 5)) || ' dni: Forum ' || n || ', 07.01.2027 09:30'",
    "'Nowy szkic wyniku w sieci Sieć ' || mod(n, 48) || ': Rekomendacje ' || n",
    "'Wynik czeka na Twoją opinię do 31 marca 2027: Wynik ' || n || ' (Sieć ' || mod(n, 48) || ')'",
    "'Opublikowano: Wynik ' || n",
    "'Anna Nowak odpowiada na Twój komentarz do: Wynik ' || n",
    "'Twoja praktyka została opublikowana: Praktyka ' || n",
    "'Nowy wynik: coś ' || n",
]
KINDS = [
    "application_received", "application_accepted", "application_refused", "meeting_changed",
    "meeting_cancelled", "meeting_reminder", "result_new", "result_new", "result_stage",
    "comment_reply", "practice_reviewed", "result_new",
]  # fmt: skip
BODIES = {2: "'Uzasadnienie: Brak miejsc w tej turze.'", 5: "'Rynek 1'"}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=500_000)
    rows = parser.parse_args().rows

    import django
    import psycopg
    from psycopg import sql

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    database = settings.DATABASES["default"]
    server = {"dbname": "postgres", "user": database.get("USER") or "postgres",
              "host": database.get("HOST") or None, "port": database.get("PORT") or None,
              "password": database.get("PASSWORD") or None}  # fmt: skip
    with psycopg.connect(**server, autocommit=True) as admin:
        if not admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [database["NAME"]]
        ).fetchone():
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database["NAME"])))
    call_command("migrate", verbosity=0)
    call_command("migrate", "accounts", "0013", verbosity=0)
    cases = " ".join(f"WHEN {i} THEN {title}" for i, title in enumerate(TITLES))
    kinds = " ".join(f"WHEN {i} THEN '{kind}'" for i, kind in enumerate(KINDS))
    bodies = " ".join(f"WHEN {i} THEN {body}" for i, body in BODIES.items())
    began = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE accounts_notification")
        cursor.execute("DELETE FROM accounts_user WHERE email LIKE 'migration-%%'")
        cursor.execute(
            "INSERT INTO accounts_user (password, is_superuser, email, first_name, last_name, "
            "sort_key, is_staff, is_active, date_joined) SELECT '!', false, 'migration-' || i "
            "|| '@example.org', 'Jan', 'Nowak', 'nowak jan', false, true, now() "
            "FROM generate_series(1, 2000) i"
        )
        cursor.execute(
            f"""
            INSERT INTO accounts_notification (recipient_id, kind, title, body, url,
                network_audience, created_at, read_at, emailed_at)
            SELECT u.ids[1 + mod(n, 2000)], CASE mod(n, {len(KINDS)}) {kinds} END,
                   CASE mod(n, {len(TITLES)}) {cases} END,
                   CASE mod(n, {len(TITLES)}) {bodies} ELSE '' END,
                   '/wyniki/' || n || '/', 'inside', now() - n * interval '1 minute',
                   CASE WHEN mod(n, 3) = 0 THEN NULL ELSE now() END, now()
            FROM generate_series(1, %s) n,
                 (SELECT array_agg(id) AS ids FROM accounts_user
                  WHERE email LIKE 'migration-%%') u
            """,  # noqa: S608  # nosec B608  # this module's constants
            [rows],
        )
        cursor.execute("ANALYZE accounts_notification")
    print(f"» {rows} notifications stored as Polish text in {time.monotonic() - began:.1f} s")
    began = time.monotonic()
    call_command("migrate", "accounts", "0014", verbosity=0)
    seconds = time.monotonic() - began
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FILTER (WHERE params IS NOT NULL) FROM accounts_notification"
        )
        converted = cursor.fetchone()[0]
    print(f"» migrate accounts 0014: {seconds:.1f} s, {converted} of {rows} converted")


if __name__ == "__main__":
    main()
