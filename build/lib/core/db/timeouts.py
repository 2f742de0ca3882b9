"""Lifting the per-request statement timeout for maintenance work that may run long."""

from django.db import connection


def lift_statement_timeout_for_this_transaction() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = 0")


def lift_statement_timeout_for_this_session() -> None:
    """For management commands: their connection does maintenance, not requests. The
    timeout is set per transaction (core/db), so the lift is the backend's, not the server
    session's (which a pooler may hand to another client)."""
    connection.statement_timeout_ms = 0
