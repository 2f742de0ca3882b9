"""Introspection limited to the active schema, without session-level SETs.

django-tenants narrows the path for introspection with `SET search_path` and sets it back
afterwards: a session setting, which a pooler in transaction mode would hand to another
client. Here the backend's own path leaves `public` out for the duration of the call, and
travels with each statement like every other path (core/db/base.py).
"""

import contextlib
from collections.abc import Iterator

from django.db.backends.postgresql.introspection import DatabaseIntrospection


class SchemaOnlyIntrospection(DatabaseIntrospection):
    @contextlib.contextmanager
    def _active_schema_only(self) -> Iterator[None]:
        previous = self.connection.include_public_schema
        self.connection.include_public_schema = False
        try:
            yield
        finally:
            self.connection.include_public_schema = previous

    def get_table_list(self, cursor):
        with self._active_schema_only():
            return super().get_table_list(cursor)

    def get_table_description(self, cursor, table_name):
        with self._active_schema_only():
            return super().get_table_description(cursor, table_name)

    def get_sequences(self, cursor, table_name, table_fields=()):
        with self._active_schema_only():
            return super().get_sequences(cursor, table_name, table_fields)

    def get_constraints(self, cursor, table_name):
        with self._active_schema_only():
            return super().get_constraints(cursor, table_name)
