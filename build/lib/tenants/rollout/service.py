"""The rollout: the shared schema first, then every organization that is not archived."""

from collections.abc import Callable

from django.core.management import call_command
from django.db import connection

from core.db.timeouts import lift_statement_timeout_for_this_session
from tenants.models import Organization, OrganizationStatus
from tenants.rollout import runner
from tenants.rollout.lock import rollout_lock
from tenants.routing.cache import routing_changed
from tenants.schemas import (
    expected_migrations,
    record_migration_state,
    schema_states,
    target_digest,
)


def tenants_migrate(
    *, jobs: int, on_start: Callable = lambda _: None, on_done: Callable = lambda _: None
) -> runner.Rollout:
    with rollout_lock():
        lift_statement_timeout_for_this_session()
        call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
        connection.set_schema_to_public()
        organizations = list(
            Organization.objects.exclude(status=OrganizationStatus.ARCHIVED).order_by("schema_name")
        )
        states = schema_states(schemas=[organization.schema_name for organization in organizations])
        on_start(len(states))
        result = runner.run(states=states, jobs=jobs, on_done=on_done)
        _mark(result, states)
        routing_changed()
        return result


def _mark(result: runner.Rollout, states) -> None:
    """Record on each organization whether its schema is at the target (the routing
    middleware answers 503 for those that are not)."""
    failed = {outcome.schema for outcome in result.outcomes if outcome.status == "failed"}
    record_migration_state(expected_migrations())
    done = [state.schema for state in states if state.schema not in failed]
    Organization.objects.filter(schema_name__in=done).exclude(
        migration_digest=target_digest()
    ).update(migration_digest=target_digest())
    for state in states:
        if state.schema in failed:
            Organization.objects.filter(schema_name=state.schema).update(
                migration_digest=record_migration_state(state.applied & expected_migrations())
            )
