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
import sys
from datetime import UTC, datetime

import psycopg
from psycopg import sql

from bench.common import bench_database, database_conninfo, result_write, scratch_database_create
from bench.rollout import manage, organization_schemas, raw_ddl, raw_ddl_process, reset

SHARED_TABLES_SQL = """
    INSERT INTO tenants_organization
        (schema_name, name, slug, status, created_at, updated_at, migration_digest)
    SELECT 'org_bench_' || n, 'Bench ' || n, 'bench-' || n, 'active', now(), now(), ''
    FROM generate_series(1, %s) AS n
"""


def prepare(count: int) -> float:
    scratch_database_create(bench_database())
    manage("migrate_schemas", "--shared", "--noinput", stage=1)
    with psycopg.connect(database_conninfo(bench_database()), autocommit=True) as db:
        db.execute(SHARED_TABLES_SQL, [count])
        for schema in organization_schemas(db):
            db.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    # The schemas are built by our own rollout (stage 1: everything but the new migration).
    return manage("migrate_tenants", stage=1).seconds


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--organizations", type=int, default=200)
    count = parser.parse_args().organizations

    figures: dict[str, float] = {"build_schemas_with_migrate_tenants": prepare(count)}
    figures["startup"] = manage("check", stage=2).seconds
    figures["ours"] = manage("migrate_tenants", stage=2).seconds
    figures["ours_noop"] = manage("migrate_tenants", stage=2).seconds
    for name, executor in (("standard", "standard"), ("multiprocessing", "multiprocessing")):
        reset()
        command = ("migrate_schemas", "--tenant", "--executor", executor)
        figures[name] = manage(*command, stage=2).seconds
        figures[f"{name}_noop"] = manage(*command, stage=2).seconds
    reset()
    figures["raw_ddl_process"] = raw_ddl_process()
    reset()
    figures["raw_ddl_loop_only"] = raw_ddl()

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
