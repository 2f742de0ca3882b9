"""Schema DDL: create, rename, drop, exists, and the lock that guards a schema name.

Every schema name reaches SQL through `sql.Identifier` (docs/architecture.md, "Names").
"""

from django.db import ProgrammingError, connection, transaction
from psycopg import sql

from core.db.locks import advisory_xact_lock
from core.errors import Conflict

DUPLICATE_SCHEMA = "42P06"


class SchemaExists(Conflict):
    """The one answer when a schema name is taken. A new or restored organization never
    adopts an existing schema: it may hold a former customer's data (docs/architecture.md,
    trap 3)."""

    def __init__(self, schema_name: str, message: str | None = None):
        super().__init__(
            message or f"A schema named {schema_name!r} already exists.", code="schema_exists"
        )
        self.schema_name = schema_name


def schema_exists(schema_name: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", [schema_name])
        return cursor.fetchone() is not None


def lock_schema_names(*schema_names: str) -> None:
    """Whoever creates or restores a schema under one of these names (and the slug and
    domain that go with it) waits for any other doing so, until the end of the transaction;
    then the registry check sees the name taken (a 409) instead of the schema catalog
    refusing a duplicate (a 500). Names in order, so two callers never wait for each other."""
    for schema_name in sorted(set(schema_names)):
        advisory_xact_lock(f"schema:{schema_name}")


def schema_create(schema_name: str) -> None:
    """A new, empty schema. No IF NOT EXISTS: a schema that appeared since the caller
    checked must fail (SchemaExists), never be adopted."""
    _run_or_conflict(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema_name)), schema_name)


def schema_rename(schema_name: str, new_name: str) -> None:
    _run_or_conflict(
        sql.SQL("ALTER SCHEMA {} RENAME TO {}").format(
            sql.Identifier(schema_name), sql.Identifier(new_name)
        ),
        new_name,
    )


def schema_drop(schema_name: str, *, missing_ok: bool = False) -> None:
    """Drop the schema and everything in it."""
    statement = "DROP SCHEMA IF EXISTS {} CASCADE" if missing_ok else "DROP SCHEMA {} CASCADE"
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL(statement).format(sql.Identifier(schema_name)))


def _run_or_conflict(statement: sql.Composed, taken_name: str) -> None:
    # In a savepoint, so the caller's transaction survives to report the conflict.
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    except ProgrammingError as error:
        if getattr(error.__cause__, "sqlstate", None) != DUPLICATE_SCHEMA:
            raise
        raise SchemaExists(taken_name) from error
