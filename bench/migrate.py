"""Migration rollout benchmark (`make bench-migrate`, `make bench-migrate N=1000`).

In a scratch database it makes N organizations, then rolls one AddField out to all of them
with each method in turn, resetting the schemas in between, and times a no-op run of each:

  ours            manage.py migrate_tenants (shared schema, then every organization)
  standard        django-tenants' migrate_schemas --tenant (standard executor)
  multiprocessing django-tenants' migrate_schemas --tenant --executor multiprocessing
  raw DDL         ALTER TABLE ... ADD COLUMN on each schema from one connection (the floor)

Times are wall-clock for whole commands, Django start-up included (the raw DDL loop has
none, which favours it). Ratios are printed and written to bench/results/migrate-N.json.
"""

import argparse
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime

import psycopg
from psycopg import sql

from bench.common import (
    bench_database,
    database_conninfo,
    database_url,
    result_write,
    scratch_database_create,
)

SHARED_TABLES_SQL = """
    INSERT INTO tenants_organization
        (schema_name, name, slug, status, created_at, updated_at, migration_digest)
    SELECT 'org_bench_' || n, 'Bench ' || n, 'bench-' || n, 'active', now(), now(), ''
    FROM generate_series(1, %s) AS n
"""


def manage(*args: str, stage: int) -> float:
    environment = {
        **os.environ,
        "DATABASE_URL": database_url(bench_database()),
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "BENCH_STAGE": str(stage),
    }
    started = time.perf_counter()
    subprocess.run(  # our own manage.py
        [sys.executable, "manage.py", *args],
        env=environment,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def schemas(count: int) -> list[str]:
    return [f"org_bench_{n}" for n in range(1, count + 1)]


def prepare(count: int) -> float:
    scratch_database_create(bench_database())
    manage("migrate_schemas", "--shared", "--noinput", stage=1)
    with psycopg.connect(database_conninfo(bench_database()), autocommit=True) as db:
        db.execute(SHARED_TABLES_SQL, [count])
        for schema in schemas(count):
            db.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    # The schemas are built by our own rollout (stage 1: everything but the new migration).
    return manage("migrate_tenants", stage=1)


def reset(count: int) -> None:
    """Undo the benchmark migration on every schema."""
    with psycopg.connect(database_conninfo(bench_database())) as db, db.transaction():
        for schema in schemas(count):
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
        db.execute("UPDATE tenants_organization SET migration_digest = ''")


def raw_ddl(count: int) -> float:
    started = time.perf_counter()
    with psycopg.connect(database_conninfo(bench_database())) as db:
        for schema in schemas(count):
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


def raw_ddl_process(count: int) -> float:
    """The raw DDL loop as a process of its own, so it pays an interpreter start-up too."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "bench.migrate", "--organizations", str(count), "--raw-ddl-only"],
        check=True,
    )
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--organizations", type=int, default=200)
    parser.add_argument("--raw-ddl-only", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    count = arguments.organizations
    if arguments.raw_ddl_only:
        raw_ddl(count)
        return 0

    figures: dict[str, float] = {"build_schemas_with_migrate_tenants": prepare(count)}
    figures["startup"] = manage("check", stage=2)
    figures["ours"] = manage("migrate_tenants", stage=2)
    figures["ours_noop"] = manage("migrate_tenants", stage=2)
    for name, executor in (("standard", "standard"), ("multiprocessing", "multiprocessing")):
        reset(count)
        figures[name] = manage("migrate_schemas", "--tenant", "--executor", executor, stage=2)
        figures[f"{name}_noop"] = manage(
            "migrate_schemas", "--tenant", "--executor", executor, stage=2
        )
    reset(count)
    figures["raw_ddl_process"] = raw_ddl_process(count)
    reset(count)
    figures["raw_ddl_loop_only"] = raw_ddl(count)

    ratios = {
        "ours_vs_raw_ddl_process": figures["ours"] / figures["raw_ddl_process"],
        "ours_vs_raw_ddl_loop_only": figures["ours"] / figures["raw_ddl_loop_only"],
        "standard_vs_ours": figures["standard"] / figures["ours"],
        "multiprocessing_vs_ours": figures["multiprocessing"] / figures["ours"],
        "noop_standard_vs_ours": figures["standard_noop"] / figures["ours_noop"],
        "noop_multiprocessing_vs_ours": figures["multiprocessing_noop"] / figures["ours_noop"],
    }
    result = {
        "benchmark": "migration rollout (one AddField) and no-op runs",
        "organizations": count,
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "system": platform.platform(),
        },
        "seconds": {key: round(value, 3) for key, value in figures.items()},
        "ratios": {key: round(value, 2) for key, value in ratios.items()},
    }
    result_write(f"migrate-{count}.json", result)
    print(f"\nMigration rollout over {count} schemas (seconds, wall-clock):")
    for key, value in figures.items():
        print(f"  {key:<36} {value:8.2f}")
    print("Ratios:")
    for key, value in ratios.items():
        print(f"  {key:<36} {value:8.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
