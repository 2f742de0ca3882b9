"""Migrating one schema: provisioning, restore and the rollout all do it this way.

The plan is the schema's pending migrations. When every operation in it can be written as
SQL (no RunPython), its SQL is generated once and run in one round trip with the
django_migrations rows (on Citus one statement per call, still in one transaction); the
rollout generates it on one schema of a group and runs it on the others. Otherwise Django's
executor runs the plan. Either way the schema migrates in one transaction (a savepoint
inside the caller's): if anything fails it is rolled back, untouched.

The statement timeout is the caller's to lift: a request keeps its own, maintenance lifts it
(core/db/timeouts.py).
"""

from dataclasses import dataclass

from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

from core.db.citus import citus_mode
from tenants.schemas.migration_state import Node

RECORD_APPLIED = (
    "INSERT INTO django_migrations (app, name, applied) "
    "SELECT unnest(%s::text[]), unnest(%s::text[]), now()"
)


@dataclass(frozen=True)
class MigrationPlan:
    nodes: tuple[Node, ...]
    statements: tuple[str, ...] | None  # None: run Django's executor on the schema
    atomic: bool = True

    @property
    def mode(self) -> str:
        return "sql" if self.statements is not None else "django"


def _is_comment(statement: str) -> bool:
    return all(line.startswith("--") or not line.strip() for line in statement.splitlines())


def migration_plan(schema_name: str) -> MigrationPlan:
    """The pending migrations of `schema_name`, with their SQL when it can be replayed."""
    connection.set_schema(schema_name)
    try:
        executor = MigrationExecutor(connection)
        steps = executor.migration_plan(executor.loader.graph.leaf_nodes())
        nodes = tuple((migration.app_label, migration.name) for migration, _ in steps)
        atomic = all(migration.atomic for migration, _ in steps)
        replayable = all(
            operation.reduces_to_sql
            for migration, _backwards in steps
            for operation in migration.operations
        )
        statements = None
        if replayable and atomic:
            statements = tuple(s for s in executor.loader.collect_sql(steps) if not _is_comment(s))
        return MigrationPlan(nodes=nodes, statements=statements, atomic=atomic)
    finally:
        connection.set_schema_to_public()


def schema_migrate(
    *, schema_name: str, plan: MigrationPlan | None = None, has_history: bool = False
) -> None:
    """Apply `plan` (by default the schema's own pending migrations) to `schema_name`.
    `has_history`: the schema already has its django_migrations table. Whatever fails is
    raised, with the schema rolled back."""
    if plan is None:
        plan = migration_plan(schema_name)
    if not plan.nodes:
        return
    try:
        if plan.statements is not None:
            _run_plan_as_sql(schema_name, plan, has_history=has_history)
        else:
            _run_plan_with_executor(schema_name, plan)
    finally:
        connection.set_schema_to_public()


def migration_failure_summary(error: Exception) -> str:
    """The first line of what a failed migration raised, for a report or an error message."""
    text = str(error).strip()
    return text.splitlines()[0] if text else repr(error)


def _run_plan_as_sql(schema_name: str, plan: MigrationPlan, *, has_history: bool) -> None:
    """The plan's SQL and its django_migrations rows in one round trip, one transaction."""
    with transaction.atomic():
        connection.set_schema(schema_name)
        if not has_history:
            MigrationRecorder(connection).ensure_schema()
        rows = [[app for app, _ in plan.nodes], [name for _, name in plan.nodes]]
        with connection.cursor() as cursor:
            if citus_mode():
                # Citus forwards DDL to the schema's worker as it was sent, and a worker takes
                # one command per message: one call per statement, in the same transaction.
                # Without parameters, % signs are sent as they are.
                for statement in plan.statements:
                    cursor.execute(statement)
                cursor.execute(RECORD_APPLIED, rows)
                return
            # The statements are literal SQL: their % signs must not read as placeholders.
            script = "\n".join(statement.replace("%", "%%") for statement in plan.statements)
            cursor.execute(script + "\n" + RECORD_APPLIED, rows)


def _run_plan_with_executor(schema_name: str, plan: MigrationPlan) -> None:
    connection.set_schema(schema_name)
    executor = MigrationExecutor(connection)
    targets = executor.loader.graph.leaf_nodes()
    if plan.atomic:
        with transaction.atomic():
            executor.migrate(targets)
    else:  # e.g. CREATE INDEX CONCURRENTLY: cannot run inside one transaction
        executor.migrate(targets)
