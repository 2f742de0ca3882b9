"""The driver cursor that carries each transaction's own search_path to the server.

Behind a pooler in transaction mode (PgBouncer, RDS Proxy) consecutive transactions of one
client run on different server connections, so nothing set at session level can be trusted:
another client may have left its path there, and ours would leak into theirs. Instead the
backend (core/db/base.py) hands every statement a prefix: at the start of a transaction
(every statement in autocommit mode, the first of an atomic block) the path and the
statement timeout set with `set_config(..., true)`, i.e. for that transaction only; later in
the transaction only what changed. The prefix travels in the same message as the statement,
so it costs no round trip, and the statement's result is the cursor's current one.
"""

import logging

import psycopg
from django.db.backends.postgresql.base import Cursor
from psycopg import sql

logger = logging.getLogger("core.db")

# Raised by the verification prefix (core/db/base.py) when the server's path is not the
# one this transaction set. Class 08 (connection exception) makes psycopg and Django raise
# an OperationalError, which the API answers with a 503.
SEARCH_PATH_MISMATCH = "08T01"


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
        prefix = self.owner.statement_prefix() if self.owner is not None else ""
        if not prefix:
            return super().execute(query, params, **kwargs)
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
