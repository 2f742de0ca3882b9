"""What "fully migrated" means, for the build, restore and the rollout alike: a schema has
applied every migration the code has (Django records every app's migrations in each schema,
even where the router skips their operations)."""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from django.db.migrations.loader import MigrationLoader

from tenants.models import MigrationState
from tenants.schemas.catalog import schemas_with_table, union_over_schemas

Node = tuple[str, str]


@cache
def expected_migrations() -> frozenset[Node]:
    """Every migration on disk (read once per process, no database needed)."""
    return frozenset(MigrationLoader(None, ignore_no_migrations=True).graph.nodes)


def migration_digest(nodes: Iterable[Node]) -> str:
    """A short name for a set of applied migrations (Organization.migration_digest)."""
    text = "\n".join(sorted(f"{app}.{name}" for app, name in nodes))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@cache
def target_digest() -> str:
    return migration_digest(expected_migrations())


@dataclass(frozen=True)
class SchemaState:
    schema: str
    applied: frozenset[Node]

    @property
    def missing(self) -> frozenset[Node]:
        return expected_migrations() - self.applied

    @property
    def digest(self) -> str:
        if self.missing:
            return migration_digest(self.applied & expected_migrations())
        return target_digest()


def schema_states(*, schemas: list[str]) -> list[SchemaState]:
    """The applied migrations of many schemas in two queries, whatever their number."""
    applied: dict[str, set[Node]] = {schema: set() for schema in schemas}
    rows = union_over_schemas(
        schemas=schemas_with_table(table="django_migrations", schemas=schemas),
        select="SELECT app, name FROM {schema}.{table}",
        table="django_migrations",
    )
    for schema, app, name in rows:
        applied[schema].add((app, name))
    return [SchemaState(schema=schema, applied=frozenset(applied[schema])) for schema in schemas]


def record_migration_state(nodes: Iterable[Node]) -> str:
    """Keep the migrations behind a digest, so other code versions can compare with it."""
    nodes = frozenset(nodes)
    digest = migration_digest(nodes)
    MigrationState.objects.get_or_create(
        digest=digest, defaults={"migrations": sorted(f"{app}.{name}" for app, name in nodes)}
    )
    return digest
