"""`python -m empirie.create_database`: create DATABASE_URL's database when the server does
not have it yet, so that `./dev run` on a real PostgreSQL needs no `createdb` first. Nothing
to do without DATABASE_URL (the embedded server makes its own)."""

import os
import sys

import dj_database_url
import psycopg
from psycopg import sql


def main() -> int:
    url = os.environ.get("DATABASE_URL")
    if not url:
        return 0
    entry = dj_database_url.parse(url)
    server = {
        "host": entry.get("HOST") or None, "port": entry.get("PORT") or None,
        "user": entry.get("USER") or None, "password": entry.get("PASSWORD") or None,
    }  # fmt: skip
    name = entry["NAME"]
    try:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as connection:
            exists = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [name]
            ).fetchone()
            if not exists:
                connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
                print(f"» created the database {name}")
    except psycopg.Error as error:
        print(f"» cannot reach or create the database {name}: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
