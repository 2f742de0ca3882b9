"""One rollout at a time, across machines: a PostgreSQL advisory lock held by a transaction.

It is held on a connection of its own, because the shared-schema migration closes Django's
connection when it commits. It is a transaction lock, not a session lock: behind a pooler in
transaction mode a session lock stays with whichever server connection took it, and the
unlock may run on another; an open transaction keeps one server connection until it ends,
and the lock ends with it, released even if this process dies.
"""

import contextlib
from collections.abc import Iterator

import psycopg
from django.db import connection

from core.errors import Conflict

ROLLOUT_LOCK_KEY = 0x74656E616E747279  # "tenantry"


@contextlib.contextmanager
def rollout_lock() -> Iterator[None]:
    with psycopg.connect(**connection.get_connection_params()) as session:
        (acquired,) = session.execute(
            "SELECT pg_try_advisory_xact_lock(%s)", [ROLLOUT_LOCK_KEY]
        ).fetchone()
        if not acquired:
            holder = session.execute(
                "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted "
                "AND ((classid::bigint << 32) | objid::bigint) = %s",
                [ROLLOUT_LOCK_KEY],
            ).fetchone()
            raise Conflict(
                "another rollout is running"
                + (f" (database session {holder[0]})" if holder else "")
                + "; wait for it to finish, then run again.",
                code="rollout_running",
            )
        try:
            yield
        finally:
            session.rollback()  # ends the transaction, and the lock with it
