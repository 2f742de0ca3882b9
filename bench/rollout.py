"""The pieces of a rollout measurement that bench-migrate and bench-scale share: our own
manage.py in a process of its own (wall clock and peak memory), the raw DDL loop that is
the floor, and the reset that takes the rolled-out AddField off again. The schemas are the
organizations' in the registry, whichever way they were made."""

import os
import subprocess
import sys
import time
from dataclasses import dataclass

import psycopg
from psycopg import sql

from bench.common import bench_database, database_conninfo, database_url

# Named once, at import: a benchmark that then points DATABASE_URL at the scratch database
# itself (bench-scale, with Django in its own process) still names the same one.
DATABASE = bench_database()
RESET_BATCH = 100


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_rss_mb: float


def manage(*args: str, stage: int) -> Run:
    """`manage.py *args` on the benchmark database with the bench settings, BENCH_STAGE=2
    switching the rolled-out migration on; its wall clock and peak resident memory."""
    environment = {
        **os.environ,
        "DATABASE_URL": database_url(DATABASE),
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "BENCH_STAGE": str(stage),
    }
    started = time.perf_counter()
    process = subprocess.Popen(  # our own manage.py
        [sys.executable, "manage.py", *args], env=environment, stdout=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(process.pid, 0)  # this child's own peak, not every child's
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, args)
    return Run(seconds=seconds, peak_rss_mb=round(usage.ru_maxrss / 1024, 1))  # KiB on Linux


def organization_schemas(db: psycopg.Connection) -> list[str]:
    rows = db.execute("SELECT schema_name FROM tenants_organization ORDER BY id").fetchall()
    return [schema for (schema,) in rows]


def reset(*, digest: str = "", database: str = DATABASE) -> None:
    """Undo the benchmark migration on every organization's schema; their recorded
    migration digest becomes `digest` (empty: unknown, so the next rollout checks each).
    RESET_BATCH schemas a transaction: one over 10,000 tables runs out of lock slots
    (autocommit, so that each `transaction()` is one, not a savepoint of the first)."""
    with psycopg.connect(database_conninfo(database), autocommit=True) as db:
        schemas = organization_schemas(db)
        for start in range(0, len(schemas), RESET_BATCH):
            with db.transaction():
                for schema in schemas[start : start + RESET_BATCH]:
                    db.execute(
                        sql.SQL("ALTER TABLE {}.benchapp_widget DROP COLUMN IF EXISTS note").format(
                            sql.Identifier(schema)
                        )
                    )
                    db.execute(
                        sql.SQL(
                            "DELETE FROM {}.django_migrations "
                            "WHERE app = 'benchapp' AND name = '0002_widget_note'"
                        ).format(sql.Identifier(schema))
                    )
        with db.transaction():
            db.execute("UPDATE tenants_organization SET migration_digest = %s", [digest])


def raw_ddl(database: str = DATABASE) -> float:
    """The AddField as bare SQL on every organization's schema, a transaction each, from one
    connection: the floor a rollout is compared with."""
    started = time.perf_counter()
    with psycopg.connect(database_conninfo(database), autocommit=True) as db:
        for schema in organization_schemas(db):
            with db.transaction():
                db.execute(
                    sql.SQL(
                        "ALTER TABLE {}.benchapp_widget ADD COLUMN note text NOT NULL DEFAULT ''"
                    ).format(sql.Identifier(schema))
                )
                db.execute(
                    sql.SQL(
                        "INSERT INTO {}.django_migrations (app, name, applied) "
                        "VALUES ('benchapp', '0002_widget_note', now())"
                    ).format(sql.Identifier(schema))
                )
    return time.perf_counter() - started


def raw_ddl_process() -> float:
    """The raw DDL loop as a process of its own, so it pays an interpreter start-up too."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "bench.rollout", DATABASE], check=True)
    return time.perf_counter() - started


if __name__ == "__main__":
    raw_ddl(sys.argv[1])
