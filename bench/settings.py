"""Settings for the benchmarks: the local settings plus a tenant app whose second migration
is switched on by BENCH_STAGE=2 (the migration being rolled out)."""

import os

from core.settings.local import *

TENANT_APPS = [*TENANT_APPS, "bench.benchapp"]
INSTALLED_APPS = [*INSTALLED_APPS, "bench.benchapp"]
MIGRATION_MODULES = {
    "benchapp": "bench.benchapp.migrations_stage2"
    if os.environ.get("BENCH_STAGE") == "2"
    else "bench.benchapp.migrations"
}
DEBUG = False
LOGGING = {"version": 1, "disable_existing_loggers": False}
# The rollout is measured alone: building spare schemas after it (a fixed few hundred ms per
# deploy, not per schema) is the provisioning benchmark's business.
TENANT_SPARE_SCHEMAS = 0
