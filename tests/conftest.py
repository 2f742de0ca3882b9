import os

import pytest

pytest_plugins = [
    "tests.fixtures.tenants",
    "tests.fixtures.users",
    "tests.fixtures.clients",
    "tests.fixtures.committed",
    "tests.fixtures.consistency",
    "tests.fixtures.migrator",
    "tests.fixtures.races",
    "tests.fixtures.mail",
    "tests.fixtures.smtp",
    "tests.fixtures.browser",
    "tests.fixtures.backups",
    "tests.fixtures.pgbouncer",
    "tests.fixtures.logs",
    "tests.fixtures.jobs",
    "tests.fixtures.redis_server",
]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """TENANTRY_TEST_POOLER=transaction (or session): the tests talk to the database through
    a real PgBouncer in that mode (make test-pooled)."""
    from tests.fixtures.pgbouncer import whole_session_through_pgbouncer  # a registered plugin

    pool_mode = os.environ.get("TENANTRY_TEST_POOLER")
    if not pool_mode:
        yield
        return
    with whole_session_through_pgbouncer(pool_mode):
        yield
