"""Scale benchmark (`make bench-scale`, `N=2000` by default): does a request or a
provisioning get slower as organizations multiply, and how much memory does a PostgreSQL
backend take per schema it touches?

- request latency p50 of one organization's projects list (in-process client) with 10
  organizations, then with N, each once autovacuum has caught up with the new schemas;
- provisioning p50 of the first 20 organizations and of the last 20, built from the
  template (the DDL path: what grew with cross-schema foreign keys), and with a spare
  schema ready, 10 rounds at 10 organizations and at N;
- triggers on the shared accounts_user table at N (cross-schema foreign keys add them);
- backend memory (pg_backend_memory_contexts) after touching 1, 10, 100, ... schemas on one
  connection: the growth TENANT_CONNECTION_MAX_SCHEMAS bounds by recycling.
Writes bench/results/scale.json.
"""

import json
import os
import statistics
import sys
import time
from datetime import UTC, datetime

from bench.common import bench_database, django_on_scratch_database, migrate, result_write

COUNT = int(os.environ.get("BENCH_ORGANIZATIONS", "2000"))


def main() -> int:
    django_on_scratch_database(bench_database())
    import psycopg
    from django.conf import settings
    from django.db import connection
    from psycopg import sql
    from rest_framework.test import APIClient

    from shared_apps.accounts.models import User
    from shared_apps.accounts.services import access_token_issue
    from tenant_apps.projects.services import project_create
    from tenants.schemas import spares
    from tenants.services import provisioning
    from tenants.services.provisioning import organization_create

    settings.TENANT_SPARE_SCHEMAS = 0  # the bulk is built from the template, measured below
    provisioning.spares_refill_queue = lambda: None  # refilled between the timed spare rounds
    migrate()
    owner = User.objects.create_user(email="scale-owner@example.com", password=None)
    token, _ = access_token_issue(user=owner)
    provisioning: list[float] = []

    def provision(index: int) -> None:
        started = time.perf_counter()
        organization = organization_create(
            name=f"Scale {index}", slug=f"scale-{index}", owner_email=owner.email
        )
        provisioning.append(time.perf_counter() - started)
        with organization:
            project_create(actor=owner, name="Work")

    def settle() -> None:
        """Let PostgreSQL finish the maintenance that creating schemas sets off (autovacuum
        of the catalogs, a checkpoint), so that latency measures requests, not that."""
        with connection.cursor() as cursor:
            cursor.execute("CHECKPOINT")
            for _ in range(120):
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'"
                )
                if cursor.fetchone()[0] == 0:
                    return
                time.sleep(1)

    def latency() -> float:
        settle()
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
        return statistics.median(blocks)

    def provision_from_spares(label: str) -> list[float]:
        timings = []
        for index in range(10):
            spares.spare_schemas_fill(count=1)
            started = time.perf_counter()
            organization_create(
                name=f"Spare {label} {index}",
                slug=f"spare-{label}-{index}",
                owner_email=owner.email,
            )
            timings.append(time.perf_counter() - started)
        return timings

    for index in range(1, 11):
        provision(index)
    latency_10 = latency()
    spare_10 = provision_from_spares("first")
    for index in range(11, COUNT + 1):
        provision(index)
    latency_n = latency()
    spare_n = provision_from_spares("last")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'public.accounts_user'::regclass"
        )
        (user_triggers,) = cursor.fetchone()

    memory = {}
    params = connection.get_connection_params()
    schemas = [f"org_scale_{index}" for index in range(1, COUNT + 1)]
    with psycopg.connect(**params, autocommit=True) as backend:
        touched = 0
        for target in sorted({t for t in (1, 10, 100, 500, 1000, COUNT) if t <= COUNT}):
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

    first, last = provisioning[1:21], provisioning[-20:]  # the very first runs migrations
    result = {
        "benchmark": "scale with the number of organizations",
        "organizations": COUNT,
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "request_latency_p50_ms": {
            "10": round(latency_10 * 1000, 2),
            str(COUNT): round(latency_n * 1000, 2),
        },
        "request_latency_ratio": round(latency_n / latency_10, 3),
        "provisioning_p50_ms": {
            "first_20": round(statistics.median(first) * 1000, 1),
            "last_20": round(statistics.median(last) * 1000, 1),
            "spare_at_10": round(statistics.median(spare_10) * 1000, 1),
            f"spare_at_{COUNT}": round(statistics.median(spare_n) * 1000, 1),
        },
        "provisioning_ratio_last_vs_first": round(
            statistics.median(last) / statistics.median(first), 2
        ),
        "triggers_on_accounts_user": user_triggers,
        "backend_memory_mb_after_touching_schemas": memory,
        "connection_recycled_after_schemas": settings.TENANT_CONNECTION_MAX_SCHEMAS,
    }
    result_write("scale.json", result)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
