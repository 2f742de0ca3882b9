"""A local Citus cluster from the machine's PostgreSQL, for `make test-citus`.

    python -m core.dev.citus exec -- CMD...   start, prepare, run CMD, stop
    python -m core.dev.citus start            start and prepare, leave it running
    python -m core.dev.citus stop

A coordinator and two workers, each a PostgreSQL server of the machine's binaries
(`pg_config --bindir`) with Citus preloaded; data under `.data/citus/` (git-ignored), ports
CITUS_PORT (default 9700) for the coordinator and the next two for the workers, loopback only
(CITUS_DATA_DIR moves the data).
Citus itself is not shipped here: it comes from its official packages or images (README,
"Scaling out"), and without it the command says so and fails.

The test database is made here, not by pytest-django: on Citus it must exist on every node
with the extension, and the workers must be registered, before Django migrates it. So it is
dropped and made again on each start and the suite runs with `--reuse-db`, which migrates the
existing database instead of creating one on the coordinator alone.
"""

import contextlib
import os
import pwd
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path

# CITUS_DATA_DIR moves it (CI, as root: the nodes run as `postgres`, which must reach it).
DATA_DIR = Path(
    os.environ.get("CITUS_DATA_DIR") or Path(__file__).resolve().parents[2] / ".data" / "citus"
)
DATABASE_NAME = "tenantry"
TEST_DATABASE_NAME = f"test_{DATABASE_NAME}"  # the name pytest-django gives the test database
DEFAULT_PORT = 9700
WORKERS = 2

MISSING_CITUS = """\
Citus is not installed for this machine's PostgreSQL (pg_config finds no citus.so and no
citus.control). make test-citus needs it; the rest of the suite does not.
Get it from its official packages for your PostgreSQL version (https://docs.citusdata.com/,
"Installing Citus": the citusdata package repository for Debian, Ubuntu and Red Hat), or
run a cluster from the official container image `citusdata/citus`.
"""


def cluster_ports(environ: Mapping[str, str]) -> tuple[int, list[int]]:
    """The coordinator's port (CITUS_PORT, default 9700) and the workers' (the next ones)."""
    coordinator = int(environ.get("CITUS_PORT") or DEFAULT_PORT)
    return coordinator, [coordinator + number for number in range(1, WORKERS + 1)]


def citus_installed(*, pkglibdir: Path, sharedir: Path) -> bool:
    return (pkglibdir / "citus.so").exists() and (sharedir / "extension" / "citus.control").exists()


def node_settings(*, port: int) -> str:
    """postgresql.conf additions of every node: Citus, loopback, speed over durability (a
    test cluster), and what schema moves need (logical replication)."""
    return (
        "shared_preload_libraries = 'citus'\n"
        f"port = {port}\n"
        "listen_addresses = '127.0.0.1'\n"
        "unix_socket_directories = ''\n"
        "max_connections = 300\n"
        # Citus commits a transaction that wrote on several nodes in two phases.
        "max_prepared_transactions = 300\n"
        "wal_level = logical\n"
        "max_replication_slots = 20\n"
        "max_wal_senders = 20\n"
        "citus.stat_tenants_track = 'all'\n"
        "fsync = off\n"
        "synchronous_commit = off\n"
        "full_page_writes = off\n"
    )


def _pg_config(option: str) -> Path:
    binary = os.environ.get("PG_CONFIG", "pg_config")
    found = subprocess.run([binary, option], check=True, capture_output=True, text=True)
    return Path(found.stdout.strip())


def _as_postgres(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: as root, run it as the `postgres` user."""
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


def _node_dirs() -> list[Path]:
    return [DATA_DIR / "coordinator"] + [DATA_DIR / f"worker{n}" for n in range(1, WORKERS + 1)]


def _start_node(bindir: Path, data: Path, port: int) -> None:
    if not (data / "PG_VERSION").exists():
        data.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(data, owner.pw_uid, owner.pw_gid)
        subprocess.run(
            _as_postgres([str(bindir / "initdb"), "-D", str(data), "-U", "postgres",
                          "--auth=trust", "--encoding=UTF8", "--no-sync"]),
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        with (data / "postgresql.conf").open("a") as conf:
            conf.write(node_settings(port=port))
    status = subprocess.run(_as_postgres([str(bindir / "pg_ctl"), "status", "-D", str(data)]),
                            stdout=subprocess.DEVNULL)  # fmt: skip
    if status.returncode == 0:
        return
    subprocess.run(
        _as_postgres([str(bindir / "pg_ctl"), "start", "-w", "-D", str(data),
                      "-l", str(data / "server.log")]),
        check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip


def _connect(port: int, dbname: str):
    import psycopg  # the dev extra; only this launcher needs it before Django starts

    for _ in range(50):
        with contextlib.suppress(psycopg.OperationalError):
            return psycopg.connect(
                host="127.0.0.1", port=port, user="postgres", dbname=dbname, autocommit=True
            )
        time.sleep(0.1)
    raise RuntimeError(f"no PostgreSQL answers on 127.0.0.1:{port}")


def database_prepare(name: str, coordinator: int, workers: list[int]) -> str:
    """Make `name` afresh on every node with the extension, register the workers (the
    coordinator may hold tables too, but no organization: only workers get shards); return
    its DATABASE_URL. The test database and the benchmarks' are made so."""
    for port in [coordinator, *workers]:
        with _connect(port, "postgres") as server:
            server.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            server.execute(f"CREATE DATABASE {name}")
        with _connect(port, name) as database:
            database.execute("CREATE EXTENSION citus")
    with _connect(coordinator, name) as database:
        database.execute("SELECT citus_set_coordinator_host('127.0.0.1', %s)", [coordinator])
        for port in workers:
            database.execute("SELECT citus_add_node('127.0.0.1', %s)", [port])
    return f"postgres://postgres@127.0.0.1:{coordinator}/{name}"


def _prepare_test_database(coordinator: int, workers: list[int]) -> None:
    """The test database on every node; the database it is named after on the coordinator
    (pytest-django connects there first)."""
    database_prepare(TEST_DATABASE_NAME, coordinator, workers)
    with _connect(coordinator, "postgres") as server:
        exists = server.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if not exists:
            server.execute(f"CREATE DATABASE {DATABASE_NAME}")


def start() -> str:
    """Start the cluster, prepare the test database; return the coordinator's DATABASE_URL."""
    bindir = _pg_config("--bindir")
    if not citus_installed(pkglibdir=_pg_config("--pkglibdir"), sharedir=_pg_config("--sharedir")):
        raise SystemExit(MISSING_CITUS)
    coordinator, workers = cluster_ports(os.environ)
    for data, port in zip(_node_dirs(), [coordinator, *workers], strict=True):
        _start_node(bindir, data, port)
    _prepare_test_database(coordinator, workers)
    return f"postgres://postgres@127.0.0.1:{coordinator}/{DATABASE_NAME}"


def stop() -> None:
    bindir = _pg_config("--bindir")
    for data in _node_dirs():
        if (data / "postmaster.pid").exists():
            subprocess.run(
                _as_postgres([str(bindir / "pg_ctl"), "stop", "-m", "fast", "-D", str(data)]),
                stdout=subprocess.DEVNULL,
            )  # fmt: skip


def main(argv: list[str]) -> int:
    if argv[:1] == ["start"]:
        print(start())
        return 0
    if argv[:1] == ["stop"]:
        stop()
        return 0
    if argv[:1] != ["exec"]:
        print(__doc__, file=sys.stderr)
        return 2
    command = argv[2:] if argv[1:2] == ["--"] else argv[1:]
    url = start()
    try:
        return subprocess.run(command, env={**os.environ, "DATABASE_URL": url}).returncode
    except KeyboardInterrupt:
        return 130
    finally:
        stop()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
