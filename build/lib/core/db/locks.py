"""Transaction-scoped advisory locks: one rule that reads then writes, serialized.

A check followed by a write ("is another owner left?", then the demotion) races unless every
transaction that could break the rule waits for the others. Such a lock is named after the
rule and its subject (`team:org_acme`, `invitation:org_acme:ann@example.com`); the name is
hashed into PostgreSQL's 64-bit advisory key space, where a collision only makes two
unrelated transactions wait for each other. The lock is released at commit or rollback, so
it must be taken inside a transaction, and the check must come after it.
"""

import hashlib

from django.db import connection


def lock_key(name: str) -> int:
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


def advisory_xact_lock(name: str, *, shared: bool = False) -> None:
    """Wait for the lock `name` until the end of the current transaction. Shared holders
    run side by side and only exclude an exclusive holder."""
    if not connection.in_atomic_block:
        raise RuntimeError("An advisory transaction lock outside a transaction ends at once.")
    function = "pg_advisory_xact_lock_shared" if shared else "pg_advisory_xact_lock"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {function}(%s)", [lock_key(name)])


def advisory_xact_lock_try(name: str) -> bool:
    """Take the lock `name` until the end of the current transaction if nobody holds it;
    never waits. False when another transaction holds it."""
    if not connection.in_atomic_block:
        raise RuntimeError("An advisory transaction lock outside a transaction ends at once.")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [lock_key(name)])
        return cursor.fetchone()[0]
