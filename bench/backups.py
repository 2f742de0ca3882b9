"""Backups as organizations multiply (`make bench-backups ORGS=10000`): one organization's
backup and restore at 10 organizations and at ORGS, in one run, by pg_dump and by the
snapshot dump (tenants/schemas/snapshot_dump.py).

The other organizations' schemas are the template's DDL replayed under new names (no
registry rows, no data): what makes pg_dump slower is the catalog it reads, which they fill
as real organizations do. The organization measured has 200 projects. Each figure is the
median of ROUNDS. Writes bench/results/backups.json.
"""

import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.backup_timing import backup_and_restore_seconds, catalog_size
from bench.common import (
    bench_database,
    django_on_scratch_database,
    migrate,
    projects_bulk_add,
    result_write,
)

COUNT = int(os.environ.get("BENCH_ORGANIZATIONS", "10000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
BATCH = 100  # schemas replayed per transaction


def main() -> int:
    django_on_scratch_database(bench_database())
    from django.db import connection, transaction
    from psycopg import sql as psycopg_sql

    from shared_apps.accounts.models import User
    from tenants.schemas import current_template
    from tenants.services.provisioning import organization_create

    migrate()
    owner = User.objects.create_user(email="backup-owner@example.com", password=None)
    measured = organization_create(name="Measured", slug="measured", owner_email=owner.email)
    projects_bulk_add(measured, owner_id=owner.pk, count=200)
    template = current_template()
    folder = Path(tempfile.mkdtemp(prefix="bench-backups-"))

    def measure() -> dict:
        ways = ("pg_dump", "snapshot")
        return {**backup_and_restore_seconds(measured.schema_name, folder, rounds=ROUNDS,
                                             ways=ways), **catalog_size()}  # fmt: skip

    def replay(first: int, last: int) -> None:
        for start in range(first, last, BATCH):
            with transaction.atomic(), connection.cursor() as cursor:
                for number in range(start, min(start + BATCH, last)):
                    name = f"org_filler_{number}"
                    cursor.execute(
                        psycopg_sql.SQL("CREATE SCHEMA {}").format(psycopg_sql.Identifier(name))
                    )
                    cursor.execute(template.ddl_for(name))

    replay(0, 9)  # with the one measured: 10 organizations
    figures = {10: measure()}
    started = time.perf_counter()
    replay(9, COUNT - 1)
    fill_seconds = round(time.perf_counter() - started, 1)
    with connection.cursor() as cursor:
        # The catalogs the dumps read (a whole-database ANALYZE in one transaction would
        # lock every table of every schema at once).
        cursor.execute(
            "ANALYZE pg_catalog.pg_class, pg_catalog.pg_attribute, pg_catalog.pg_namespace, "
            "pg_catalog.pg_depend, pg_catalog.pg_constraint, pg_catalog.pg_index, "
            "pg_catalog.pg_type, pg_catalog.pg_sequence"
        )
    figures[COUNT] = measure()
    ratios = {
        key: round(figures[COUNT][key] / figures[10][key], 2)
        for key in ("backup_pg_dump_s", "backup_snapshot_s", "restore_pg_dump_s",
                    "restore_snapshot_s")
    }  # fmt: skip
    result = {
        "benchmark": f"one organization's backup and restore at 10 and {COUNT} organizations",
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "rounds": ROUNDS,
        "projects": 200,
        "fill_seconds": fill_seconds,
        "figures": {str(count): value for count, value in figures.items()},
        "ratios_at_count_vs_10": ratios,
        "goal_within_2x": {key: value <= 2 for key, value in ratios.items()},
    }
    result_write("backups.json", result)
    for count, values in figures.items():
        print(f"{count:>6} organizations: {values}")
    print("ratios", ratios)
    return 0


if __name__ == "__main__":
    sys.exit(main())
