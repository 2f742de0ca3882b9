"""django-tenants' backend, made safe behind any connection pooler.

django-tenants routes by a session-level `SET search_path`. Behind a pooler in transaction
mode a session setting belongs to whichever client last used the server connection, so one
organization's request could read another's rows. Here nothing is set at session level:
every transaction sets its own path (and statement timeout) with `set_config(..., true)`,
sent in the same message as the transaction's first statement (core/db/cursor.py). Within a
transaction the path is sent again only when the active schema changes, or when PostgreSQL
may have reverted it (savepoint rollback). With TENANT_VERIFY_SEARCH_PATH (tests, local
development) every later statement first checks the server's path, so a bookkeeping bug
fails closed (a 503) instead of reading another organization's rows. Trap tests:
tests/security/test_search_path.py; through a real PgBouncer: test_pooled_isolation.py.

It also counts the schemas a connection has served: PostgreSQL keeps a catalog cache per
backend for every schema it touches (about 0.4 MB each), so a worker serving thousands of
organizations would grow without bound. Past TENANT_CONNECTION_MAX_SCHEMAS the connection
is closed when the request ends (Django's close_if_unusable_or_obsolete) and a fresh one
starts empty.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.backends.base.base import NO_DB_ALIAS
from django_tenants.postgresql_backend import base as tenants_backend
from psycopg.pq import TransactionStatus

from core.db.cursor import SEARCH_PATH_MISMATCH, PathSettingCursor
from core.db.introspection import SchemaOnlyIntrospection
from core.db.schema import SchemaEditor


class DatabaseWrapper(tenants_backend.DatabaseWrapper):
    SchemaEditorClass = SchemaEditor

    def __init__(self, *args, **kwargs):
        self.path_in_transaction: str | None = None
        self.schemas_seen: set[str] = set()
        # None: DATABASE_STATEMENT_TIMEOUT_MS. Maintenance commands lift it (core/db/timeouts).
        self.statement_timeout_ms: int | None = None
        self.citus_mode: bool | None = None  # None: not asked yet (core/db/citus.py)
        super().__init__(*args, **kwargs)
        self.introspection = SchemaOnlyIntrospection(self)

    def get_connection_params(self):
        params = super().get_connection_params()
        if params["cursor_factory"] is not tenants_backend.original_backend.Cursor:
            raise ImproperlyConfigured(
                "server_side_binding must stay off: the search_path travels with each statement"
            )
        params["cursor_factory"] = PathSettingCursor
        return params

    def create_cursor(self, name=None):
        if name:
            raise ImproperlyConfigured(
                "Server-side cursors cannot carry the search_path: keep "
                "DISABLE_SERVER_SIDE_CURSORS on (core/settings/base.py)."
            )
        cursor = super().create_cursor()
        cursor.owner = self
        return cursor

    def _handle_search_path(self, cursor=None):
        """django-tenants sends a session-level SET here; the path travels with each
        transaction instead (statement_prefix)."""

    def wanted_search_path(self) -> str:
        return ", ".join(f'"{schema}"' for schema in self._get_cursor_search_paths())

    def statement_prefix(self) -> str:
        """The SQL to run just before the next statement, in the same message."""
        if self.alias == NO_DB_ALIAS:  # CREATE/DROP DATABASE: no tenant data, no block
            return ""
        status = self.connection.info.transaction_status
        if status == TransactionStatus.INERROR:
            return ""  # only a rollback can run now, and it needs no path
        path = self.wanted_search_path()
        self.schemas_seen.add(self.schema_name)
        if status == TransactionStatus.IDLE:  # this statement opens a transaction
            self.path_in_transaction = None if self.connection.autocommit else path
            timeout = self.statement_timeout_ms
            if timeout is None:
                timeout = settings.DATABASE_STATEMENT_TIMEOUT_MS
            return (
                f"SELECT set_config('search_path', '{path}', true), "
                f"set_config('statement_timeout', '{int(timeout)}', true)"
            )
        if self.path_in_transaction != path:
            self.path_in_transaction = path
            return f"SELECT set_config('search_path', '{path}', true)"
        if getattr(settings, "TENANT_VERIFY_SEARCH_PATH", False):
            return (
                "DO $verify$ BEGIN IF current_setting('search_path') IS DISTINCT FROM "
                f"'{path}' THEN RAISE EXCEPTION USING ERRCODE = '{SEARCH_PATH_MISMATCH}', "
                "MESSAGE = 'search_path is not the one this transaction set'; "
                "END IF; END $verify$"
            )
        return ""

    def forget_search_path(self) -> None:
        """Call after running SQL that may have changed search_path behind our back."""
        self.path_in_transaction = None

    def close_if_unusable_or_obsolete(self):
        limit = getattr(settings, "TENANT_CONNECTION_MAX_SCHEMAS", 0)
        if (
            self.connection is not None
            and not self.in_atomic_block
            and limit
            and len(self.schemas_seen) > limit
        ):
            self.close()
            return
        super().close_if_unusable_or_obsolete()

    def connect(self):
        self.path_in_transaction = None
        self.schemas_seen = set()
        self.citus_mode = None
        super().connect()

    def close(self):
        self.path_in_transaction = None
        self.schemas_seen = set()
        super().close()

    # A transaction's end, a savepoint rollback (which reverts a set_config made after the
    # savepoint) and a change of autocommit all make the path the server holds unknown.
    def _commit(self):
        self.path_in_transaction = None
        super()._commit()

    def _rollback(self):
        self.path_in_transaction = None
        super()._rollback()

    def _savepoint_rollback(self, sid):
        try:
            super()._savepoint_rollback(sid)
        finally:
            self.path_in_transaction = None

    def _set_autocommit(self, autocommit):
        self.path_in_transaction = None
        super()._set_autocommit(autocommit)
