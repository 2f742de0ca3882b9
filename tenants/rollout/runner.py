"""Rolling migrations out to many schemas, fast.

Schemas that have applied the same migrations form a group. For each group the plan is made
once. When every operation in it can be written as SQL (no RunPython), the SQL is generated
once, on one schema of the group, and replayed on the others: Django's per-schema work
(loading the graph, rendering model states) is then paid once per group, not per schema.
Otherwise each schema runs Django's executor. Either way a schema migrates in one
transaction: if anything fails it is rolled back, untouched, and the rollout goes on.
"""

import queue
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

from core.db.timeouts import (
    lift_statement_timeout_for_this_session,
    lift_statement_timeout_for_this_transaction,
)
from tenants.schemas import Node, SchemaState


@dataclass(frozen=True)
class Plan:
    nodes: tuple[Node, ...]
    statements: tuple[str, ...] | None  # None: run Django's executor on each schema
    atomic: bool = True


@dataclass
class Outcome:
    schema: str
    status: str  # migrated, skipped or failed
    applied: tuple[Node, ...] = ()
    mode: str = ""
    error: str = ""
    seconds: float = 0.0


@dataclass
class Rollout:
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(outcome.status == status for outcome in self.outcomes)


def _is_comment(statement: str) -> bool:
    return all(line.startswith("--") or not line.strip() for line in statement.splitlines())


def make_plan(schema: str) -> Plan:
    """The pending migrations of `schema`, with their SQL when it can be replayed."""
    connection.set_schema(schema)
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
        return Plan(nodes=nodes, statements=statements, atomic=atomic)
    finally:
        connection.set_schema_to_public()


def _replay(schema: str, plan: Plan, *, has_history: bool) -> None:
    """The group's SQL and its django_migrations rows in one round trip, one transaction."""
    with transaction.atomic():
        lift_statement_timeout_for_this_transaction()
        connection.set_schema(schema)
        if not has_history:
            MigrationRecorder(connection).ensure_schema()
        with connection.cursor() as cursor:
            # The statements are literal SQL: their % signs must not read as placeholders.
            script = "\n".join(statement.replace("%", "%%") for statement in plan.statements)
            cursor.execute(
                script + "\nINSERT INTO django_migrations (app, name, applied) "
                "SELECT unnest(%s::text[]), unnest(%s::text[]), now()",
                [[app for app, _ in plan.nodes], [name for _, name in plan.nodes]],
            )


def _execute(schema: str, plan: Plan) -> None:
    connection.set_schema(schema)
    executor = MigrationExecutor(connection)
    targets = executor.loader.graph.leaf_nodes()
    if plan.atomic:
        with transaction.atomic():
            lift_statement_timeout_for_this_transaction()
            executor.migrate(targets)
    else:  # e.g. CREATE INDEX CONCURRENTLY: cannot run inside one transaction
        lift_statement_timeout_for_this_session()
        executor.migrate(targets)


def migrate_schema(schema: str, plan: Plan, *, has_history: bool = False) -> Outcome:
    started = time.perf_counter()
    mode = "sql" if plan.statements is not None else "django"
    try:
        if mode == "sql":
            _replay(schema, plan, has_history=has_history)
        else:
            _execute(schema, plan)
    except Exception as error:  # reported per schema; the rollout goes on
        message = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
        return Outcome(
            schema, "failed", mode=mode, error=message, seconds=time.perf_counter() - started
        )
    finally:
        connection.set_schema_to_public()
    return Outcome(schema, "migrated", plan.nodes, mode, seconds=time.perf_counter() - started)


def run(
    *, states: list[SchemaState], jobs: int, on_done: Callable[[Outcome], None] = lambda _: None
) -> Rollout:
    """Migrate every schema that is behind, `jobs` at a time; skip the rest."""
    rollout = Rollout([Outcome(state.schema, "skipped") for state in states if not state.missing])
    for outcome in rollout.outcomes:
        on_done(outcome)
    groups: dict[frozenset, list[str]] = defaultdict(list)
    for state in states:
        if state.missing:
            groups[state.applied].append(state.schema)
    plans = {applied: make_plan(schemas[0]) for applied, schemas in groups.items()}
    work: queue.Queue = queue.Queue()
    for applied, schemas in groups.items():
        for schema in schemas:
            work.put((schema, plans[applied], bool(applied)))
    lock = threading.Lock()

    def worker() -> None:
        try:
            while True:
                try:
                    schema, plan, has_history = work.get_nowait()
                except queue.Empty:
                    return
                outcome = migrate_schema(schema, plan, has_history=has_history)
                with lock:
                    rollout.outcomes.append(outcome)
                    on_done(outcome)
        finally:
            connections.close_all()  # this thread's connection

    threads = [threading.Thread(target=worker) for _ in range(max(1, min(jobs, work.qsize())))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return rollout
