"""The schema engine: how an organization's schema is made, changed and dropped.

Callers outside the package import from here; the modules import each other directly.
It sits in the tenancy layer with the models (pyproject.toml, [tool.importlinter]): it
imports no service, selector, API, command or tenant app.
"""

from tenants.schemas.ddl import (
    SchemaExists,
    lock_schema_names,
    schema_create,
    schema_drop,
    schema_exists,
    schema_rename,
)
from tenants.schemas.dump import PgDumpFailed, schema_dump, schema_load

__all__ = [
    "PgDumpFailed",
    "SchemaExists",
    "lock_schema_names",
    "schema_create",
    "schema_drop",
    "schema_dump",
    "schema_exists",
    "schema_load",
    "schema_rename",
]
