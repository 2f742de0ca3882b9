pytest_plugins = [
    "tests.fixtures.tenants",
    "tests.fixtures.users",
    "tests.fixtures.clients",
    "tests.fixtures.committed",
    "tests.fixtures.consistency",
    "tests.fixtures.migrator",
    "tests.fixtures.races",
    "tests.fixtures.mail",
    "tests.fixtures.pgbouncer",
]
