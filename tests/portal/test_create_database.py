"""`./dev run` on a real PostgreSQL creates DATABASE_URL's database when it is missing."""

import secrets

import psycopg
import pytest
from django.db import connection

from empirie import create_database


@pytest.mark.django_db
def test_a_missing_database_is_created_once(monkeypatch, capsys):
    server = connection.settings_dict
    if server["ENGINE"] == "empirie.embedded_postgres":
        pytest.skip("DATABASE_URL is not set: the embedded server makes its own database")
    name = f"empirie_created_{secrets.token_hex(4)}"
    host, port = server["HOST"] or "127.0.0.1", server["PORT"] or 5432
    monkeypatch.setenv("DATABASE_URL", f"postgres://{server['USER']}@{host}:{port}/{name}")
    try:
        assert create_database.main() == 0
        assert create_database.main() == 0  # there already: nothing to do
        assert capsys.readouterr().out.count(f"created the database {name}") == 1
    finally:
        with psycopg.connect(
            dbname="postgres", host=host, port=port, user=server["USER"], autocommit=True
        ) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
