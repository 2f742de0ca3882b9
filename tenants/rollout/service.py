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
    SchemaState,
    expected_migrations,
    record_migration_state,
    schema_states,
    target_digest,
)


def tenants_migrate(
    *,
    jobs: int,
    verify: bool = False,
    on_start: Callable = lambda _: None,
    on_done: Callable = lambda _: None,
) -> runner.Rollout:
    """`verify`: read every schema's applied migrations, not only those whose recorded
    digest is not the target's (see `_states`)."""
    with rollout_lock():
        lift_statement_timeout_for_this_session()
        call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
        connection.set_schema_to_public()
        organizations = list(
            Organization.objects.exclude(status=OrganizationStatus.ARCHIVED).order_by("schema_name")
        )
        states = _states(organizations, verify=verify)
        on_start(len(states))
        result = runner.run(states=states, jobs=jobs, on_done=on_done)
        _mark(result, states)
        routing_changed()
        return result


def _states(organizations: list[Organization], *, verify: bool) -> list[SchemaState]:
    """Each schema's applied migrations. A schema whose recorded digest is the target's is
    taken at its word, as the routing middleware takes it when it serves the organization:
    every path that changes a schema records its digest (provisioning, restore, this
    rollout). Reading every schema's django_migrations took 10 of a no-op run's 15 s at
    10,000 organizations. The others are read; `verify` reads them all."""
    target = target_digest()
    trusted = (
        set() if verify else {o.schema_name for o in organizations if o.migration_digest == target}
    )
    read = schema_states(
        schemas=[o.schema_name for o in organizations if o.schema_name not in trusted]
    )
    at_target = frozenset(expected_migrations())
    states = {state.schema: state for state in read}
    states.update({schema: SchemaState(schema=schema, applied=at_target) for schema in trusted})
    return [states[organization.schema_name] for organization in organizations]


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
