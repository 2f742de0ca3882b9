"""Scale benchmark (`make bench-scale ORGS=10000`; 2,000 by default): what grows with
the number of organizations on one server. Every figure is taken at 10 organizations and
again at ORGS, in one run:

- provisioning p50 through the service: the template path (the bulk is made this way) for
  100 organizations at each end, and the spare path (a spare made, then taken) for 100
  rounds at each end. Each end is timed once PostgreSQL has caught up with the maintenance
  that making the organizations before it set off (autovacuum of the catalogs, a
  checkpoint): 10,000 organizations made in minutes are years of sign-ups at once, and the
  figure is the catalog's size, not that backlog. The 100 made just before the last end,
  with the backlog still running, are reported beside it;
- projects list p50 (in-process client), once autovacuum has caught up with the schemas;
- `migrate_tenants` with nothing to do (under 5 s at 10,000 is the goal); one AddField
  rolled out by it (a process, Django's start included) beside the raw DDL loop over the
  same schemas (within 2x); the peak resident memory of `migrate_tenants` and
  `tenant_migration_status`;
- one organization's backup (the snapshot dump) and restore, with no spare schema ready and
  with one (the rows alone replayed into it), 200 projects, median of 5;
- the catalog (pg_class rows) and the database on disk;
- a backend's memory after touching 1, 10, ... ORGS schemas on one connection.
Writes bench/results/scale.json; `make bench-charts` draws it. About 25 min at 10,000 on
two cores, 7 of them the rollout and the raw DDL loop."""

import json
import os
import statistics
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
from bench.rollout import manage, raw_ddl, reset

COUNT = int(os.environ.get("BENCH_ORGANIZATIONS", "2000"))
EDGE = 100  # organizations (and spare rounds) timed at each end
PROJECTS = 200  # in the organization backed up


def p50_ms(seconds: list[float]) -> float:
    return round(statistics.median(seconds) * 1000, 1)


def main() -> int:
    django_on_scratch_database(bench_database(), settings_module="bench.settings")
    from django.conf import settings
    from django.db import close_old_connections, connection
    from rest_framework.test import APIClient

    from shared_apps.accounts.models import User
    from shared_apps.accounts.services import access_token_issue
    from tenant_apps.projects.services import project_create
    from tenants.models import Organization
    from tenants.schemas import spares
    from tenants.services import provisioning
    from tenants.services.provisioning import organization_create

    provisioning.spares_refill_queue = lambda: None  # spares are made in the timed rounds
    migrate()
    owner = User.objects.create_user(email="scale-owner@example.com", password=None)
    token, _ = access_token_issue(user=owner)
    folder = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    template_path: list[float] = []

    def provision(index: int) -> None:
        started = time.perf_counter()
        organization = organization_create(
            name=f"Scale {index}", slug=f"scale-{index}", owner_email=owner.email
        )
        template_path.append(time.perf_counter() - started)
        with organization:
            project_create(actor=owner, name="Work")
        # As at a request's or a job's end: past TENANT_CONNECTION_MAX_SCHEMAS schemas the
        # connection is replaced. No backend that made 10,000 schemas serves in production;
        # on one, the last 100 took 286 ms, against 88 ms in a fresh process at that size.
        close_old_connections()

    def spare_path(label: str) -> list[float]:
        timings = []
        for index in range(EDGE):
            spares.spare_schemas_fill(count=1)
            started = time.perf_counter()
            organization_create(
                name=f"Spare {label} {index}", slug=f"spare-{label}-{index}",
                owner_email=owner.email,
            )  # fmt: skip
            timings.append(time.perf_counter() - started)
            close_old_connections()
        return timings

    def settle() -> None:
        """Let PostgreSQL finish the maintenance that creating schemas sets off (autovacuum
        of the catalogs, a checkpoint), so that what follows measures itself, not that."""
        with connection.cursor() as cursor:
            cursor.execute("CHECKPOINT")
            for _ in range(300):
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'"
                )
                if cursor.fetchone()[0] == 0:
                    return
                time.sleep(1)

    def latency_ms() -> float:
        client = APIClient(HTTP_HOST=f"scale-1.{settings.TENANT_BASE_DOMAIN}")
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        for _ in range(20):
            client.get("/api/v1/projects/")
        blocks = []
        for _block in range(3):  # the median of three blocks of 200 requests
            samples = []
            for _ in range(200):
                started = time.perf_counter()
                assert client.get("/api/v1/projects/").status_code == 200
                samples.append(time.perf_counter() - started)
            blocks.append(statistics.median(samples))
        return round(statistics.median(blocks) * 1000, 2)

    def migrations() -> dict:
        """Stage 1 is the code the organizations are at; stage 2 adds one AddField."""
        (digest,) = {o.migration_digest for o in Organization.objects.only("migration_digest")}
        noop = manage("migrate_tenants", stage=1)
        status = manage("tenant_migration_status", stage=1)
        rollout = manage("migrate_tenants", stage=2)
        assert rolled_out() == Organization.objects.count()
        reset()
        floor = raw_ddl()
        reset(digest=digest)  # back at stage 1, as recorded
        return {
            "noop_migrate_tenants_s": round(noop.seconds, 2),
            "rollout_migrate_tenants_s": round(rollout.seconds, 2),
            "rollout_raw_ddl_loop_s": round(floor, 2),
            "rollout_vs_raw_ddl_loop": round(rollout.seconds / floor, 2),
            "migrate_tenants_peak_rss_mb": max(noop.peak_rss_mb, rollout.peak_rss_mb),
            "tenant_migration_status_peak_rss_mb": status.peak_rss_mb,
        }

    def rolled_out() -> int:
        """How many schemas have the rolled-out column."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
                "WHERE c.relname = 'benchapp_widget' AND a.attname = 'note'"
            )
            return cursor.fetchone()[0]

    def measure() -> dict:
        settle()
        measured = Organization.objects.get(slug="scale-1")
        return {
            "organizations": Organization.objects.count(),
            "projects_list_p50_ms": latency_ms(),
            **migrations(),
            **backup_and_restore_seconds(measured.schema_name, folder, rounds=5),
            **catalog_size(),
        }

    started = time.perf_counter()
    provision(1)
    projects_bulk_add(
        Organization.objects.get(slug="scale-1"), owner_id=owner.pk, count=PROJECTS - 1
    )
    # Its thousands of timed requests are far past a plan's rate: measured, not limited.
    Organization.objects.filter(slug="scale-1").update(requests_per_minute=10**9)
    for index in range(2, 11):
        provision(index)
    at_10 = measure()  # settled: the first end is timed on a server at rest, as the last
    spare_first = spare_path("first")
    for index in range(11, COUNT - EDGE + 1):
        provision(index)
        if index % 1000 == 0:
            print(f"{index} organizations, {time.perf_counter() - started:.0f} s", flush=True)
    during_backlog = template_path[-EDGE:]
    settle()
    for index in range(COUNT - EDGE + 1, COUNT + 1):
        provision(index)
    spare_last = spare_path("last")
    at_n = measure()
    memory = backend_memory([o.schema_name for o in Organization.objects.order_by("id")])
    # The 10 before the first measure include the template's build: the 100 after them.
    first, last = template_path[10 : 10 + EDGE], template_path[-EDGE:]
    provisioning_ms = {
        "template_first_100": p50_ms(first),
        "template_last_100": p50_ms(last),
        "template_100_before_the_last_during_maintenance": p50_ms(during_backlog),
        "spare_first_100": p50_ms(spare_first),
        "spare_last_100": p50_ms(spare_last),
    }
    result = {
        "benchmark": "scale with the number of organizations",
        "organizations": COUNT,
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "run_minutes": round((time.perf_counter() - started) / 60, 1),
        "at": {"10": at_10, str(COUNT): at_n},
        "provisioning_p50_ms": provisioning_ms,
        "ratios": ratios(at_10, at_n, provisioning_ms),
        "backend_memory_mb_after_touching_schemas": memory,
        "connection_recycled_after_schemas": settings.TENANT_CONNECTION_MAX_SCHEMAS,
    }
    result_write("scale.json", result)
    print(json.dumps(result, indent=2))
    return 0


def ratios(at_10: dict, at_n: dict, provisioning_ms: dict) -> dict:
    def ratio(key: str) -> float:
        return round(at_n[key] / at_10[key], 2)

    return {
        "template_last_vs_first": round(
            provisioning_ms["template_last_100"] / provisioning_ms["template_first_100"], 2
        ),
        "spare_last_vs_first": round(
            provisioning_ms["spare_last_100"] / provisioning_ms["spare_first_100"], 2
        ),
        "projects_list": ratio("projects_list_p50_ms"),
        "backup": ratio("backup_snapshot_s"),
        "restore": ratio("restore_snapshot_s"),
        "restore_spare_ready": ratio("restore_snapshot_spare_s"),
    }


def backend_memory(schemas: list[str]) -> dict[str, float]:
    """A backend's memory (pg_backend_memory_contexts) after touching the first 1, 10, ...
    schemas on one connection: what TENANT_CONNECTION_MAX_SCHEMAS bounds by recycling."""
    import psycopg
    from django.db import connection
    from psycopg import sql

    memory = {}
    with psycopg.connect(**connection.get_connection_params(), autocommit=True) as backend:
        touched = 0
        for target in sorted({t for t in (1, 10, 100, 1000, len(schemas)) if t <= len(schemas)}):
            for schema in schemas[touched:target]:
                backend.execute(
                    sql.SQL("SELECT count(*) FROM {}.projects_project").format(
                        sql.Identifier(schema)
                    )
                )
            touched = target
            (total,) = backend.execute(
                "SELECT sum(total_bytes) FROM pg_backend_memory_contexts"
            ).fetchone()
            memory[str(target)] = round(float(total) / 2**20, 1)
    return memory


if __name__ == "__main__":
    sys.exit(main())
