"""Tests: always a real PostgreSQL, given by DATABASE_URL (`make test` provides one)."""

from django.core.exceptions import ImproperlyConfigured

from core.settings.base import *

if not DATABASES:
    raise ImproperlyConfigured(
        "DATABASE_URL is unset: run `make test` (it starts the embedded PostgreSQL), "
        "or point DATABASE_URL at a PostgreSQL 15+ server."
    )

SECRET_KEY = "test-only-key"  # noqa: S105
DEBUG = False
TENANT_BASE_DOMAIN = "testserver.local"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TENANT_VERIFY_SEARCH_PATH = True
# Tests build spares explicitly (tests/tenants/schemas/test_spare_schemas.py); a refill job run
# eagerly after every create would build schemas the tests do not expect.
TENANT_SPARE_SCHEMAS = 0
# Jobs run eagerly, after the commit that enqueued them, as mail did; the worker-process
# tests start a real worker (CELERY_TASK_ALWAYS_EAGER=0) on a queue of their own.
CELERY_TASK_ALWAYS_EAGER = os.environ.get("CELERY_TASK_ALWAYS_EAGER", "1") == "1"
# Fair share's limits are far out of reach of the suite's requests, except where a test sets
# its own (tests/tenants/routing/test_fair_share.py).
ORGANIZATION_PLANS = {
    plan: {"requests_per_minute": 10**9, "concurrent_requests": 10**4}
    for plan in ORGANIZATION_PLANS
}
# The fair share tests count their small plans' rates in one-minute windows, unless a test
# sets its own (tests/tenants/routing/test_fair_share_window.py).
FAIR_SHARE_WINDOW_SECONDS = 60
# `make mutate` keeps a test database of its own (test_<name>_mutation), so that a mutation
# run never shares one with `make test` on the same server (docs/mutation.md).
if os.environ.get("TENANTRY_TEST_DATABASE_SUFFIX"):
    _name = DATABASES["default"]["NAME"]
    _suffix = os.environ["TENANTRY_TEST_DATABASE_SUFFIX"]
    DATABASES["default"]["TEST"] = {"NAME": f"test_{_name}_{_suffix}"}
