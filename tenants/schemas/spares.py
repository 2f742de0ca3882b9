"""Spare schemas: tenant schemas built ahead from the template, so that provisioning only
renames one (a catalog update, about a millisecond) instead of running the DDL while the
caller waits.

A spare is built for one code version (its migration digest) and only ever given to an
organization at that version; spares of an older version are dropped by the next fill.
Taking one happens in the provisioning transaction (`FOR UPDATE SKIP LOCKED`: concurrent
creates never take the same spare); if the transaction rolls back, the spare is back in the
pool. Provisioning enqueues a job that tops the pool up once the create has committed
(tenants/services/spare_refill.py); deploys fill it with `fill_spare_schemas`.
"""

import logging
import secrets

from django.conf import settings
from django.db import connection, transaction

from tenants.models import SpareSchema
from tenants.schemas.citus import schema_distribute
from tenants.schemas.ddl import schema_create, schema_drop, schema_rename
from tenants.schemas.migration_state import target_digest
from tenants.schemas.template import TemplateUnusable, build_from_template

logger = logging.getLogger(__name__)
FILL_LOCK_KEY = 7_340_917_221_564_010_411  # one fill at a time, across processes


def spare_take(schema_name: str) -> bool:
    """Rename a spare of the current code version to `schema_name`, in the caller's
    transaction. False when there is none."""
    spare = (
        SpareSchema.objects.select_for_update(skip_locked=True)
        .filter(digest=target_digest())
        .first()
    )
    if spare is None:
        return False
    schema_rename(spare.schema_name, schema_name)
    spare.delete()
    return True


@transaction.atomic
def spare_schemas_fill(*, count: int | None = None) -> int:
    """Drop spares of other code versions (and any beyond `count`), then build spares up to
    `count` (default TENANT_SPARE_SCHEMAS). Returns how many were built."""
    wanted = settings.TENANT_SPARE_SCHEMAS if count is None else count
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [FILL_LOCK_KEY])
        if not cursor.fetchone()[0]:
            return 0  # another fill is at work: two at once would build too many
    current = list(SpareSchema.objects.select_for_update(skip_locked=True))
    fresh = [spare for spare in current if spare.digest == target_digest()]
    for spare in [spare for spare in current if spare not in fresh] + fresh[wanted:]:
        _drop(spare)
    built = 0
    for _ in range(wanted - len(fresh)):
        name = f"spare_{secrets.token_hex(6)}"
        try:
            with transaction.atomic():
                schema_create(name)
                build_from_template(name)
                schema_distribute(name)  # on Citus: the take is then a rename only
                SpareSchema.objects.create(schema_name=name, digest=target_digest())
        except TemplateUnusable as error:
            logger.info("No spare schemas without a template (%s).", error)
            break
        built += 1
    return built


def _drop(spare: SpareSchema) -> None:
    schema_drop(spare.schema_name, missing_ok=True)
    spare.delete()
