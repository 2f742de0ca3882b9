"""Rolling migrations out to many schemas, fast.

Schemas that have applied the same migrations form a group. For each group the plan is made
once (tenants.schemas.migrate). When every operation in it can be written as SQL, the SQL is
generated once, on one schema of the group, and replayed on the others: Django's per-schema
work (loading the graph, rendering model states) is then paid once per group, not per schema.
Each schema migrates in one transaction: if anything fails it is rolled back, untouched, and
the rollout goes on.
"""

import queue
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connections

from core.db.timeouts import lift_statement_timeout_for_this_session
from tenants.schemas import (
    MigrationPlan,
    Node,
    SchemaState,
    migration_failure_summary,
    migration_plan,
    schema_migrate,
)


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


def _migrate_one(schema: str, plan: MigrationPlan, *, has_history: bool) -> Outcome:
    started = time.perf_counter()
    try:
        schema_migrate(schema_name=schema, plan=plan, has_history=has_history)
    except Exception as error:  # reported per schema; the rollout goes on
        return Outcome(
            schema,
            "failed",
            mode=plan.mode,
            error=migration_failure_summary(error),
            seconds=time.perf_counter() - started,
        )
    return Outcome(schema, "migrated", plan.nodes, plan.mode, seconds=time.perf_counter() - started)


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
    plans = {applied: migration_plan(schemas[0]) for applied, schemas in groups.items()}
    work: queue.Queue = queue.Queue()
    for applied, schemas in groups.items():
        for schema in schemas:
            work.put((schema, plans[applied], bool(applied)))
    lock = threading.Lock()

    def worker() -> None:
        lift_statement_timeout_for_this_session()  # this thread's connection does maintenance
        try:
            while True:
                try:
                    schema, plan, has_history = work.get_nowait()
                except queue.Empty:
                    return
                outcome = _migrate_one(schema, plan, has_history=has_history)
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
