"""The driver cursor that carries each transaction's own search_path to the server.

Behind a pooler in transaction mode (PgBouncer, RDS Proxy) consecutive transactions of one
client run on different server connections, so nothing set at session level can be trusted:
another client may have left its path there, and ours would leak into theirs. Instead the
backend (core/db/base.py) hands every statement a prefix: at the start of a transaction
(every statement in autocommit mode, the first of an atomic block) the path and the
statement timeout set with `set_config(..., true)`, i.e. for that transaction only; later in
the transaction only what changed. The prefix travels in the same message as the statement,
so it costs no round trip, and the statement's result is the cursor's current one.

On Citus (core/db/citus.py) DDL is the exception: Citus sends some DDL on to the workers as
the text the client sent, and a worker refuses several commands in one prepared statement,
so there a DDL statement's prefix goes in a message of its own just before it.
"""

import contextlib
import logging
import re

import psycopg
from django.db.backends.base.base import NO_DB_ALIAS
from django.db.backends.postgresql.base import Cursor
from psycopg import sql
from psycopg.pq import TransactionStatus

logger = logging.getLogger("core.db")

# Raised by the verification prefix (core/db/base.py) when the server's path is not the
# one this transaction set. Class 08 (connection exception) makes psycopg and Django raise
# an OperationalError, which the API answers with a 503.
SEARCH_PATH_MISMATCH = "08T01"


# Statements PostgreSQL refuses inside a transaction block, which a prefix in the same
# message would open. They get a session path for their own duration instead: right on a
# direct or session-pooled connection; behind a transaction pooler run them (non-atomic
# migrations) on a direct connection (README: Pooling).
OUTSIDE_TRANSACTIONS = re.compile(
    r"^\s*(?:(?:CREATE|DROP)\s+(?:UNIQUE\s+)?INDEX\s+CONCURRENTLY|REINDEX\b.*\bCONCURRENTLY"
    r"|VACUUM|ALTER\s+SYSTEM|(?:CREATE|DROP)\s+DATABASE)\b",
    re.IGNORECASE | re.DOTALL,
)


# Statements whose text Citus may forward to the workers as it came (SET LOCAL too, with
# citus.propagate_set_commands: core/db/timeouts.py).
DDL = re.compile(
    r"^\s*(?:CREATE|ALTER|DROP|COMMENT|GRANT|REVOKE|TRUNCATE|REINDEX|CLUSTER|SECURITY|SET)\b",
    re.IGNORECASE,
)


def _prepend(prefix: str, query):
    if isinstance(query, sql.Composable):
        return sql.SQL(prefix + "; ") + query
    if isinstance(query, bytes):
        return prefix.encode() + b"; " + query
    return f"{prefix}; {query}"


class PathSettingCursor(Cursor):
    """Django's client-side binding cursor (several statements may share one message)."""

    owner = None  # the DatabaseWrapper that made it; a raw driver cursor has none

    def execute(self, query, params=None, **kwargs):
        if self.owner is not None and self._outside_transactions(query):
            return self._execute_with_a_session_path(query, params, **kwargs)
        apart = self.owner is not None and self._prefix_apart(query)
        prefix = self.owner.statement_prefix() if self.owner is not None else ""
        if not prefix:
            return super().execute(query, params, **kwargs)
        if apart:
            return self._execute_after_prefix(prefix, query, params, **kwargs)
        try:
            super().execute(_prepend(prefix, query), params, **kwargs)
        except psycopg.Error as error:
            if error.sqlstate == SEARCH_PATH_MISMATCH:
                logger.critical(
                    "search_path on the server is not the one this transaction set (%s); "
                    "refusing the statement. Something ran SQL behind the backend.",
                    self.owner.wanted_search_path(),
                )
            raise
        self.nextset()  # past the prefix's own result
        return self

    def _execute_after_prefix(self, prefix: str, query, params, **kwargs):
        """The prefix, then the statement, in one transaction: in autocommit mode the
        prefix's settings would end with a transaction of its own, so both go in an explicit
        one, as they would in one message."""
        if not self.connection.autocommit:
            super().execute(prefix)
            return super().execute(query, params, **kwargs)
        super().execute("BEGIN")
        try:
            super().execute(prefix)
            super().execute(query, params, **kwargs)
        except BaseException:
            with contextlib.suppress(psycopg.Error):  # a broken connection has no transaction
                super().execute("ROLLBACK")
            raise
        super().execute("COMMIT")
        return self

    def _prefix_apart(self, query) -> bool:
        """DDL on Citus: its prefix in a message of its own (asks citus_mode at most once
        per connection, and only for DDL)."""
        text = query.as_string(self.connection) if isinstance(query, sql.Composable) else query
        if isinstance(text, bytes):
            text = text.decode()
        if not DDL.match(text):
            return False
        if self.owner.citus_mode is None:
            if self.connection.info.transaction_status == TransactionStatus.INERROR:
                return False  # only a rollback runs now
            from core.db.citus import citus_mode  # core.db.citus uses this cursor

            citus_mode(self.owner)
        return self.owner.citus_mode

    def _outside_transactions(self, query) -> bool:
        if self.owner.alias == NO_DB_ALIAS or not isinstance(query, str):
            return False  # no tenant data on the maintenance database
        return bool(self.connection.autocommit and OUTSIDE_TRANSACTIONS.match(query))

    def _execute_with_a_session_path(self, query, params, **kwargs):
        super().execute(
            "SELECT set_config('search_path', %s, false)", [self.owner.wanted_search_path()]
        )
        try:
            return super().execute(query, params, **kwargs)
        finally:
            super().execute("RESET search_path")

    def executemany(self, query, params_seq, **kwargs):
        if self.owner is None or self.connection.autocommit:
            # Each statement its own transaction: each carries its own prefix.
            for params in params_seq:
                self.execute(query, params)
            return
        prefix = self.owner.statement_prefix()
        if prefix:
            super().execute(prefix)
        super().executemany(query, params_seq, **kwargs)

    def copy(self, statement, *args, **kwargs):
        if self.owner is not None:
            if self.connection.autocommit:
                raise psycopg.ProgrammingError(
                    "COPY needs a transaction here: it cannot carry its search_path itself"
                )
            prefix = self.owner.statement_prefix()
            if prefix:
                super().execute(prefix)
        return super().copy(statement, *args, **kwargs)
