"""A scratch tenant schema for testing migrations (the `tenant_migrator` fixture).

old = migrator.migrate([("projects", "0001_initial")])    # historical apps
old.get_model("projects", "Project").objects.create(...)
new = migrator.migrate([("projects", "0002_...")])        # the next state
"""

import secrets

from django.apps.registry import Apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from psycopg import sql

from tenants.schemas import Node


class TenantMigrator:
    def __init__(self, schema: str):
        self.schema = schema
        self.apps: Apps | None = None

    @classmethod
    def create(cls) -> "TenantMigrator":
        schema = f"org_migration_test_{secrets.token_hex(4)}"
        with connection.cursor() as cursor:
            cursor.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
        return cls(schema)

    def migrate(self, targets: list[tuple[str, str | None]]) -> Apps:
        """Migrate the scratch schema to `targets` (None: back to zero) and return the
        historical models at that state. The connection stays on the scratch schema so the
        test can use them."""
        connection.set_schema(self.schema)
        self._fire_pending_checks()
        executor = MigrationExecutor(connection)
        executor.migrate(targets)
        executor.loader.build_graph()
        reached: list[Node] = [node for node in targets if node[1] is not None]
        state = executor.loader.project_state(reached or None, at_end=True)
        self.apps = state.apps
        return self.apps

    def _names(self, query: str, *params) -> set[str]:
        with connection.cursor() as cursor:
            cursor.execute(query, [self.schema, *params])
            return {row[0] for row in cursor.fetchall()}

    def tables(self) -> set[str]:
        return self._names("SELECT tablename FROM pg_tables WHERE schemaname = %s")

    def columns(self, table: str) -> set[str]:
        return self._names(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = %s AND table_name = %s",
            table,
        )

    @staticmethod
    def _fire_pending_checks() -> None:
        # Rows made in the test's transaction leave deferred foreign-key checks pending, and
        # PostgreSQL refuses to alter a table that has some: run them now.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")

    def drop(self) -> None:
        connection.set_schema_to_public()
        self._fire_pending_checks()
        drop = sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(self.schema))
        with connection.cursor() as cursor:
            cursor.execute(drop)
