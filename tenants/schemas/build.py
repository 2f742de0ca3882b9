"""How an organization's schema is made, in the caller's transaction, ending at the code's
migration state (tenants.schemas.migration_state).

- A new organization (schema_build): a spare renamed when one is ready (a catalog update),
  else a new schema filled from the template (milliseconds), else by running every migration.
  TENANT_PROVISIONING=migrations always takes the last way.
- A purged organization, or a copy of a live one (schema_restore): its dump replayed,
  renamed to the organization's schema name if that changed, then migrated (a backup may
  predate the code). In place (schema_replace): the live schema replaced by its dump.

Either returns the migration digest the organization records.
"""

import logging
import secrets

from django.conf import settings
from django.db import connection, transaction
from psycopg import sql

from core.errors import ServiceUnavailable
from tenants.schemas.citus import schema_distribute
from tenants.schemas.ddl import schema_create, schema_drop, schema_exists, schema_rename
from tenants.schemas.dump import schema_load
from tenants.schemas.migrate import migration_failure_summary, schema_migrate
from tenants.schemas.migration_state import (
    expected_migrations,
    record_migration_state,
    schema_states,
)
from tenants.schemas.snapshot_dump import snapshot_rows
from tenants.schemas.spares import spare_take
from tenants.schemas.template import TemplateUnusable, build_from_template, discard_template

logger = logging.getLogger(__name__)


def schema_build(*, schema_name: str) -> str:
    """Make the new schema `schema_name`; returns its migration digest. Topping the spare
    pool up afterwards is the caller's (provisioning enqueues a job for it)."""
    use_prebuilt = settings.TENANT_PROVISIONING != "migrations"
    if use_prebuilt and spare_take(schema_name):
        schema_distribute(schema_name)  # spares are built distributed: for an older one
    else:
        schema_create(schema_name)
        _fill(schema_name, use_template=use_prebuilt)
    return _record_code_state()


def schema_restore(*, schema_name: str, script: str, dumped_as: str) -> str:
    """Make `schema_name` from `script`, a plain dump of the schema `dumped_as`; returns its
    migration digest. The caller's transaction holds the lock on both names."""
    if dumped_as == schema_name:
        _load(script, dumped_as=dumped_as)
    else:
        _load_beside(script, dumped_as=dumped_as, schema_name=schema_name)
    return _migrated_forward(schema_name)


def schema_replace(*, schema_name: str, script: str) -> str:
    """Replace the schema `schema_name` by `script`, a plain dump of it (restore in place);
    returns its migration digest. The live schema steps aside for the load and is dropped
    once the dump is loaded and migrated; a failure before the commit keeps it as it was."""
    aside = _aside_name(schema_name)
    schema_rename(schema_name, aside)
    _load(script, dumped_as=schema_name)
    digest = _migrated_forward(schema_name)
    schema_drop(aside)
    return digest


def _migrated_forward(schema_name: str) -> str:
    """A loaded dump, distributed on Citus and migrated to the code (a backup may predate
    it); its migration digest."""
    schema_distribute(schema_name)
    [state] = schema_states(schemas=[schema_name])
    if not state.missing:
        # Its own record shows the code's migrations applied: nothing to plan, and the
        # planner's loader would list every table in the database (its cost grows with the
        # organizations) only to find so.
        return _record_code_state()
    try:
        schema_migrate(schema_name=schema_name)
    except Exception as error:
        raise ServiceUnavailable(
            f"The restored schema could not be migrated: {migration_failure_summary(error)}",
            code="not_migrated",
        ) from error
    return _record_code_state()


def _load_beside(script: str, *, dumped_as: str, schema_name: str) -> None:
    """Load a dump of `dumped_as` as `schema_name`. The dump creates the schema it was taken
    from; when that name is in use (a copy of a live organization), the live schema steps
    aside under another name for the load and takes its name back before the commit. Other
    transactions go on seeing the live schema as it was (the renames are not theirs to see
    before the commit, and cancel out at it); DDL on it waits for this transaction."""
    aside = _aside_name(dumped_as) if schema_exists(dumped_as) else None
    if aside:
        schema_rename(dumped_as, aside)
    _load(script, dumped_as=dumped_as)
    schema_rename(dumped_as, schema_name)
    if aside:
        schema_rename(aside, dumped_as)


def _load(script: str, *, dumped_as: str) -> None:
    """Replay a dump of `dumped_as`, which creates that schema. A snapshot dump at the code's
    migration state goes into a spare taken under that name, its rows only: the spare has
    its DDL (and django_migrations rows of its own, which the dump's replace)."""
    rows = snapshot_rows(script, schema_name=dumped_as)
    if rows is None or not spare_take(dumped_as):
        schema_load(script)
        return
    with connection.cursor() as cursor:
        history = sql.Identifier(dumped_as, "django_migrations")
        cursor.execute(sql.SQL("DELETE FROM {}").format(history))
        cursor.execute(sql.SQL(rows))  # literal SQL: no parameters, so % is not a placeholder


def _aside_name(schema_name: str) -> str:
    return f"{schema_name[:50]}_aside_{secrets.token_hex(4)}"


def _fill(schema_name: str, *, use_template: bool) -> None:
    """Bring the new, empty schema to the code's migration state, distributed on Citus
    (tenants/schemas/citus.py). A template or a dump is replayed into a plain schema, which
    is distributed once complete: some of its DDL is refused inside a distributed schema.
    Migrations run in a schema distributed while still empty, as the rollout's do later."""
    if use_template and _fill_from_template(schema_name):
        schema_distribute(schema_name)
        return
    schema_distribute(schema_name)
    _fill_by_migrating(schema_name)


def _fill_from_template(schema_name: str) -> bool:
    try:
        with transaction.atomic():
            build_from_template(schema_name)
    except TemplateUnusable as error:
        logger.info("No schema template for %s (%s); running migrations.", schema_name, error)
        return False
    except Exception:
        logger.exception(
            "The schema template failed for %s; discarding it and running migrations.",
            schema_name,
        )
        discard_template()
        return False
    return True


def _fill_by_migrating(schema_name: str) -> None:
    schema_migrate(schema_name=schema_name)
    # "Fully migrated" means the same here as in the rollout.
    (state,) = schema_states(schemas=[schema_name])
    if state.missing:
        raise ServiceUnavailable(
            f"{schema_name} is missing migrations after provisioning.", code="not_migrated"
        )


def _record_code_state() -> str:
    return record_migration_state(expected_migrations())
