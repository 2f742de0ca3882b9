"""What the schema engine does differently on a Citus coordinator (core.db.citus.citus_mode).

Each organization schema is a distributed schema: Citus places all of its tables on one
worker node and routes by the same search_path the backend sends. A table there may refer
only to a reference table (a table copied to every node), so the shared tables that tenant
tables point at are made reference tables by a shared migration, before any organization
schema exists. guardian's first tenant migration makes foreign keys to all four; later
tenant migrations drop them (memberships 0003), but joins to users and permissions still
run on the organization's node because the rows are there.
"""

from django.db import connection

from core.db.citus import DEFERRED_CHECKS_FUNCTION_SQL, citus_mode

# The shared tables a tenant model points at (a test derives the list from the models).
REFERENCE_TABLES = ("django_content_type", "auth_permission", "auth_group", "accounts_user")


def reference_tables_make() -> None:
    """Make REFERENCE_TABLES reference tables if they are not yet; nothing without Citus.
    Local tables that refer to them become Citus local tables on the coordinator
    (Citus does that itself), and stay where they are."""
    if not citus_mode():
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT logicalrelid::regclass::text FROM pg_dist_partition "
            "WHERE logicalrelid::regclass::text = ANY(%s) AND repmodel = 't'",
            [list(REFERENCE_TABLES)],
        )
        done = {row[0] for row in cursor.fetchall()}
        for table in REFERENCE_TABLES:
            if table not in done:
                cursor.execute("SELECT create_reference_table(%s)", [table])


def deferred_checks_function_make() -> None:
    """On Citus, the function that runs deferred checks on a worker (core/db/citus.py);
    Citus creates it on every node, and on nodes added later."""
    if citus_mode():
        with connection.cursor() as cursor:
            cursor.execute(DEFERRED_CHECKS_FUNCTION_SQL)


def schema_distribute(schema_name: str) -> None:
    """On Citus, make `schema_name` a distributed schema, placed whole on one worker with
    its tables and rows, in the caller's transaction, unless it is one already; nothing on
    plain PostgreSQL."""
    if not citus_mode():
        return
    with connection.cursor() as cursor:
        # A loaded dump with foreign keys to shared tables is distributed as it loads.
        cursor.execute(
            "SELECT citus_schema_distribute(%s) WHERE NOT EXISTS "
            "(SELECT FROM pg_dist_schema WHERE schemaid = %s::regnamespace)",
            [schema_name, schema_name],
        )
