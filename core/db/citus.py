"""Citus mode: detected, not configured.

A database with the `citus` extension is a Citus coordinator, and the schema engine then
does what Citus needs (reference tables for the shared tables tenant tables refer to,
distributed organization schemas, DDL one statement per call). On plain PostgreSQL nothing
changes: the answer is asked once per connection, with the connection's first need of it.
"""

import re

from django.db import connection as default_connection
from psycopg import sql

SHARD_ID = re.compile(r"_\d+$")

# `SET CONSTRAINTS` stays on the coordinator: Citus forwards neither it nor its effect to the
# worker that holds an organization's tables, where rows written earlier in the transaction
# leave their deferred checks pending (and a worker refuses to alter or drop a table that
# has some). A function can say it there: a query that reads one of the schema's tables is
# sent whole to that worker, over the connection the transaction already uses for it
# (tenants 0013 creates the function on a coordinator; Citus copies it to every node).
DEFERRED_CHECKS_FUNCTION = "tenantry_deferred_checks_run"
DEFERRED_CHECKS_FUNCTION_SQL = f"""
CREATE OR REPLACE FUNCTION public.{DEFERRED_CHECKS_FUNCTION}() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    SET CONSTRAINTS ALL IMMEDIATE;  -- runs the checks pending in this transaction
    SET CONSTRAINTS ALL DEFERRED;   -- later rows defer theirs again, as Django's FKs do
END $$
"""
NAMED_CONSTRAINT = re.compile(r'constraint "([^"]+)"')


def citus_mode(connection=None) -> bool:
    """Whether the database is a Citus coordinator (it has the `citus` extension)."""
    connection = connection or default_connection
    if connection.citus_mode is None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT EXISTS (SELECT FROM pg_extension WHERE extname = 'citus')")
            found = cursor.fetchone()[0]
        connection.citus_mode = found  # after the query: connecting resets it
    return connection.citus_mode


def deferred_checks_run_beside(cursor, table: str) -> None:
    """On Citus, run the deferred checks pending on the node that holds `table`, there and
    now. `table` is a name as DDL quotes it (`"t"` or `"schema"."t"`), never user input."""
    query = sql.SQL("SELECT public.{function}() FROM (SELECT count(*) FROM {table}) AS one")
    cursor.execute(
        query.format(function=sql.Identifier(DEFERRED_CHECKS_FUNCTION), table=sql.SQL(table))
    )


def violated_constraint(error: Exception) -> str | None:
    """The name of the constraint an IntegrityError reports, as the model declares it. On
    Citus the error comes from a worker without the constraint field, its message naming the
    shard's copy (`<name>_<shard id>`)."""
    diagnostics = getattr(error.__cause__, "diag", None)
    name = getattr(diagnostics, "constraint_name", None)
    if name or not citus_mode():
        return name
    reported = NAMED_CONSTRAINT.search(getattr(diagnostics, "message_primary", None) or "")
    return SHARD_ID.sub("", reported[1]) if reported else None
