"""Citus mode: detected, not configured.

A database with the `citus` extension is a Citus coordinator, and the schema engine then
does what Citus needs (reference tables for the shared tables tenant tables refer to,
distributed organization schemas, DDL one statement per call). On plain PostgreSQL nothing
changes: the answer is asked once per connection, with the connection's first need of it.
"""

import re

from django.db import connection as default_connection

SHARD_ID = re.compile(r"_\d+$")
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
