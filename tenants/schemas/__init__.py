"""The schema engine: how an organization's schema is made, migrated, copied and dropped.

Callers outside the package import from here; the modules import one another directly.
It sits in the tenancy layer beside the models (pyproject.toml, [tool.importlinter]): it
imports no service, selector, API, command or tenant app, and nothing from the rollout.
"""

from tenants.schemas.build import schema_build, schema_replace, schema_restore
from tenants.schemas.catalog import schemas_with_table, union_over_schemas
from tenants.schemas.citus import schema_distribute
from tenants.schemas.ddl import (
    SchemaExists,
    lock_schema_names,
    schema_create,
    schema_drop,
    schema_exists,
    schema_rename,
)
from tenants.schemas.dump import PgDumpFailed, schema_dump
from tenants.schemas.migrate import (
    MigrationPlan,
    migration_failure_summary,
    migration_plan,
    schema_migrate,
)
from tenants.schemas.migration_state import (
    Node,
    SchemaState,
    expected_migrations,
    record_migration_state,
    schema_states,
    target_digest,
)
from tenants.schemas.spares import spare_schemas_fill
from tenants.schemas.template import current_template

__all__ = [
    "MigrationPlan",
    "Node",
    "PgDumpFailed",
    "SchemaExists",
    "SchemaState",
    "current_template",
    "expected_migrations",
    "lock_schema_names",
    "migration_failure_summary",
    "migration_plan",
    "record_migration_state",
    "schema_build",
    "schema_create",
    "schema_distribute",
    "schema_drop",
    "schema_dump",
    "schema_exists",
    "schema_migrate",
    "schema_rename",
    "schema_replace",
    "schema_restore",
    "schema_states",
    "schemas_with_table",
    "spare_schemas_fill",
    "target_digest",
    "union_over_schemas",
]
