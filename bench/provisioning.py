"""Provisioning benchmark (`make bench-provisioning`): how long from the platform API call to
a usable organization, by each way of building its schema, in one scratch database.

  spare          POST /api/v1/platform/organizations/ then GET its health, with a spare
                 schema ready (our default path: the schema is renamed, not built)
  template       the same call with no spare ready: the schema is built from the template
  spare refill   building one spare from the template (off the request path, in a job)
  migrations     the same call with TENANT_PROVISIONING=migrations (every migration runs)
  django-tenants TenantMixin.create_schema(): django-tenants' default (migrate_schemas)
  raw DDL        the template's SQL alone, run through psycopg in one transaction

Prints p50/p90 per method and the ratios; writes bench/results/provisioning.json.
"""

import json
import os
import statistics
import sys
import time
from datetime import UTC, datetime

from bench.common import (
    bench_database,
    django_on_scratch_database,
    migrate,
    platform_admin_client,
    provision_via_api,
    result_write,
)

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "15"))


def main() -> int:
    django_on_scratch_database(bench_database())
    from django.conf import settings
    from django.db import connection

    from tenants.models import Organization, SchemaTemplate
    from tenants.schemas import current_template, spares
    from tenants.services import provisioning

    migrate()
    admin, client = platform_admin_client()

    def via_api(slug: str) -> float:
        return provision_via_api(client, slug, admin.email)

    settings.TENANT_SPARE_SCHEMAS = 0
    via_api("bench-first")  # the first organization is built by migrations: the template source
    current_template()  # taken once per code version, outside the timings
    # The pool is refilled here, between rounds and timed on its own, instead of by the
    # refill job, which run eagerly would otherwise be timed with the create.
    provisioning.spares_refill_queue = lambda: None

    def refill() -> float:
        started = time.perf_counter()
        assert spares.spare_schemas_fill(count=1) == 1
        return time.perf_counter() - started

    def django_tenants(slug: str) -> float:
        organization = Organization.objects.create(
            name=slug, slug=slug, schema_name=f"org_{slug.replace('-', '_')}"
        )
        started = time.perf_counter()
        organization.create_schema(check_if_exists=False, sync_schema=True, verbosity=0)
        return time.perf_counter() - started

    template_sql = SchemaTemplate.objects.get().sql
    source = SchemaTemplate.objects.get().source_schema

    def raw_ddl(slug: str) -> float:
        schema = f"org_{slug.replace('-', '_')}"
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(
                f'BEGIN; CREATE SCHEMA "{schema}"; '
                + template_sql.replace(source, schema)
                + "; COMMIT;"
            )
        connection.forget_search_path()
        return time.perf_counter() - started

    samples: dict[str, list[float]] = {
        "spare": [],
        "spare_refill": [],
        "template": [],
        "migrations": [],
        "django_tenants": [],
        "raw_ddl": [],
    }
    # Two blocks, each interleaving its methods round by round. Running migrations in a
    # process clears Django's model caches (post_migrate), which a worker that only builds
    # from the template never pays; so the migration-based methods get a block of their own.
    for index in range(ROUNDS):
        samples["spare_refill"].append(refill())
        samples["spare"].append(via_api(f"spare-{index}"))
        samples["template"].append(via_api(f"tpl-{index}"))  # the pool is empty again
        samples["raw_ddl"].append(raw_ddl(f"raw-{index}"))
    settings.TENANT_PROVISIONING = "migrations"
    for index in range(ROUNDS):
        samples["migrations"].append(via_api(f"mig-{index}"))
        samples["django_tenants"].append(django_tenants(f"dt-{index}"))
    settings.TENANT_PROVISIONING = "template"

    def p(values: list[float], q: int) -> float:
        return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else values[0]

    p50 = {name: statistics.median(values) for name, values in samples.items()}
    result = {
        "benchmark": "provisioning: API call to usable organization",
        "rounds": ROUNDS,
        "organizations_at_end": Organization.objects.count(),
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count()},
        "p50_ms": {name: round(value * 1000, 1) for name, value in p50.items()},
        "p90_ms": {name: round(p(values, 90) * 1000, 1) for name, values in samples.items()},
        "ratios": {
            "django_tenants_vs_spare": round(p50["django_tenants"] / p50["spare"], 1),
            "django_tenants_vs_template": round(p50["django_tenants"] / p50["template"], 1),
            "migrations_vs_template": round(p50["migrations"] / p50["template"], 1),
            "spare_vs_raw_ddl": round(p50["spare"] / p50["raw_ddl"], 2),
            "template_vs_raw_ddl": round(p50["template"] / p50["raw_ddl"], 2),
        },
    }
    result_write("provisioning.json", result)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
