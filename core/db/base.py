"""django-tenants' backend re-sends `SET search_path` before every query while
TENANT_LIMIT_SET_CALLS is off, and its limit mode trusts a flag that schema switches reset.
Here the path PostgreSQL actually has is remembered, and a SET is sent only when the wanted
path differs: a round trip saved on almost every query.

It also counts the schemas a connection has served: PostgreSQL keeps a catalog cache per
backend for every schema it touches (about 0.4 MB each), so a worker serving thousands of
organizations would grow without bound. Past TENANT_CONNECTION_MAX_SCHEMAS the connection
is closed when the request ends (Django's close_if_unusable_or_obsolete) and a fresh one
starts empty.

The remembered path is forgotten whenever PostgreSQL may have changed or reverted it
(DESIGN.md trap 5): on rollback and savepoint rollback (a SET is transactional), when the
connection is opened or closed, and when a SET fails.
"""

from django.conf import settings
from django_tenants.postgresql_backend import base as tenants_backend


class DatabaseWrapper(tenants_backend.DatabaseWrapper):
    def __init__(self, *args, **kwargs):
        self.search_path_on_connection: list[str] | None = None
        self.schemas_seen: set[str] = set()
        super().__init__(*args, **kwargs)

    def _handle_search_path(self, cursor=None):
        if self._setting_search_path:
            return
        if self.search_path_on_connection == self._get_cursor_search_paths():
            return
        super()._handle_search_path(cursor)
        self.search_path_on_connection = self.search_path_set_schemas
        if self.search_path_set_schemas:
            self.schemas_seen.add(self.search_path_set_schemas[0])

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

    def forget_search_path(self) -> None:
        """Call after running SQL that may have set search_path behind our back."""
        self.search_path_on_connection = None

    def connect(self):
        self.search_path_on_connection = None
        self.schemas_seen = set()
        super().connect()

    def close(self):
        self.search_path_on_connection = None
        self.schemas_seen = set()
        super().close()

    def rollback(self):
        try:
            super().rollback()
        finally:
            self.search_path_on_connection = None

    def savepoint_rollback(self, sid):
        try:
            super().savepoint_rollback(sid)
        finally:
            self.search_path_on_connection = None
