"""A PgBouncer (Debian's `pgbouncer` package) on loopback in front of a database, for the
pooled tests (make test-pooled) and the pooled load test (make load-pooled).

The server pool is smaller than the number of clients the tests run, and server connections
are handed out in turn (round robin) once the pool is full, so consecutive transactions of
one client land on different server connections, as they do under production load.
PgBouncer refuses to run as root, so as root it runs as the `postgres` (or `nobody`) user.
"""

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg

from core.dev.ports import free_port

SERVER_POOL_SIZE = 3


def _unprivileged_user() -> str | None:
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            pwd.getpwnam(name)
            return name
    raise RuntimeError("PgBouncer refuses root and no postgres/nobody user exists")


def _config(folder: Path, *, port: int, pool_mode: str, database: dict) -> Path:
    host = database["HOST"] or "127.0.0.1"
    target = f"host={host} port={database['PORT'] or 5432}"
    (folder / "users.txt").write_text(f'"{database["USER"] or "postgres"}" ""\n')
    ini = folder / "pgbouncer.ini"
    ini.write_text(
        "[databases]\n"
        f"* = {target}\n"
        "[pgbouncer]\n"
        "listen_addr = 127.0.0.1\n"
        f"listen_port = {port}\n"
        "unix_socket_dir =\n"
        "auth_type = trust\n"
        # `psql -p PORT pgbouncer` then SHOW POOLS, CLIENTS, SERVERS: what waits on what.
        f"admin_users = {database['USER'] or 'postgres'}\n"
        f"auth_file = {folder / 'users.txt'}\n"
        f"pool_mode = {pool_mode}\n"
        # What operators set so that clients sending `options` can connect at all; the
        # statement timeout must therefore not depend on that startup parameter.
        "ignore_startup_parameters = options\n"
        f"default_pool_size = {SERVER_POOL_SIZE}\n"
        # Hand out server connections in turn, not the last one used: a client's next
        # transaction then lands on another server connection even when traffic is light.
        "server_round_robin = 1\n"
        f"min_pool_size = {SERVER_POOL_SIZE}\n"
        "max_client_conn = 500\n"
        f"logfile = {folder / 'pgbouncer.log'}\n"
        f"pidfile = {folder / 'pgbouncer.pid'}\n"
    )
    return ini


def _fill_server_pool(port: int, database: dict) -> None:
    """Wait until PgBouncer has opened its whole server pool for the test database, so that
    round robin really sends a client's transactions to different server connections."""
    with psycopg.connect(
        host="127.0.0.1",
        port=port,
        dbname=database["NAME"],
        user=database["USER"] or "postgres",
        autocommit=True,
        prepare_threshold=None,
    ) as client:
        seen: set[int] = set()
        deadline = time.monotonic() + 10
        while len(seen) < SERVER_POOL_SIZE and time.monotonic() < deadline:
            seen.add(client.execute("SELECT pg_backend_pid()").fetchone()[0])
            time.sleep(0.02)


@contextlib.contextmanager
def running_pgbouncer(*, pool_mode: str, database: dict) -> Iterator[int]:
    """Start PgBouncer in `pool_mode` in front of `database` (a Django settings dict);
    yield its port; stop it on exit."""
    binary = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
    if not Path(binary).exists():
        raise RuntimeError("PgBouncer is not installed: apt-get install pgbouncer")
    folder = Path(tempfile.mkdtemp(prefix="pgbouncer-"))
    folder.chmod(0o777)
    port = free_port()
    ini = _config(folder, port=port, pool_mode=pool_mode, database=database)
    user = _unprivileged_user()
    command = [binary, str(ini)] if user is None else ["runuser", "-u", user, binary, str(ini)]
    # Its output goes to a file: a pipe nobody reads fills up, and PgBouncer, which logs every
    # login to stderr too, would then block on the write and stop serving.
    output = (folder / "stderr.log").open("wb")
    process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
    try:
        for _ in range(100):
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.1):
                break
            if process.poll() is not None:
                raise RuntimeError(
                    f"PgBouncer did not start: {(folder / 'stderr.log').read_text()}"
                )
            time.sleep(0.05)
        _fill_server_pool(port, database)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)
        output.close()
        shutil.rmtree(folder, ignore_errors=True)
