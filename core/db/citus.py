"""Citus mode: detected, not configured.

A database with the `citus` extension is a Citus coordinator, and the schema engine then
does what Citus needs (reference tables for the shared tables tenant tables refer to,
distributed organization schemas, DDL one statement per call). On plain PostgreSQL nothing
changes: the answer is asked once per connection, with the connection's first need of it.
"""

from django.db import connection as default_connection


def citus_mode(connection=None) -> bool:
    """Whether the database is a Citus coordinator (it has the `citus` extension)."""
    connection = connection or default_connection
    if connection.citus_mode is None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT EXISTS (SELECT FROM pg_extension WHERE extname = 'citus')")
            found = cursor.fetchone()[0]
        connection.citus_mode = found  # after the query: connecting resets it
    return connection.citus_mode
