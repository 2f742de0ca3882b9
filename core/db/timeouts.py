"""Lifting the per-request statement timeout for maintenance work that may run long, and
bounding lock waits for one transaction."""

from contextlib import contextmanager

from django.db import connection

from core.db.citus import citus_mode


def lift_statement_timeout_for_this_transaction() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = 0")


def lift_statement_timeout_for_this_session() -> None:
    """For management commands: their connection does maintenance, not requests. The
    timeout is set per transaction (core/db), so the lift is the backend's, not the server
    session's (which a pooler may hand to another client)."""
    connection.statement_timeout_ms = 0


@contextmanager
def statement_timeout_lifted():
    """No statement timeout on this connection until the block ends: for maintenance that
    runs outside a transaction and may take long (a move of an organization between nodes)."""
    before = connection.statement_timeout_ms
    connection.statement_timeout_ms = 0
    try:
        yield
    finally:
        connection.statement_timeout_ms = before


def lock_timeout_for_this_transaction(timeout: str) -> None:
    """Wait at most `timeout` (PostgreSQL's units: "300ms", "10s") for any lock until the
    transaction ends. On Citus the statements that wait may run on a worker or on the
    coordinator's own connection to itself, which `set_config` does not reach: there the
    setting is a `SET LOCAL` that Citus repeats on every connection of the transaction."""
    with connection.cursor() as cursor:
        if citus_mode():
            cursor.execute("SET LOCAL citus.propagate_set_commands = 'local'")
            cursor.execute("SET LOCAL lock_timeout = %s", [timeout])
        else:
            cursor.execute("SELECT set_config('lock_timeout', %s, true)", [timeout])
