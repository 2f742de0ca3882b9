"""Building a new tenant schema from a template instead of replaying every migration.

The template is the `pg_dump --schema-only` of an organization already at the code's
migration state, taken once per code version (keyed by the migration digest) and kept in
`tenants_schematemplate`. Building a schema is then one script in the caller's
transaction: the template's DDL with the schema name swapped, plus the django_migrations
rows. Anything unexpected raises TemplateUnusable, and the build falls back to migrations
(tenants.schemas.build).
"""

import logging
import re

from django.db import connection
from psycopg import sql

from tenants.models import Organization, OrganizationStatus, SchemaTemplate
from tenants.schemas.dump import PgDumpFailed, schema_dump, strip_psql_framing
from tenants.schemas.migration_state import expected_migrations, schema_states, target_digest

logger = logging.getLogger(__name__)
SESSION_SETTING = re.compile(r"^(SET \w+ = .*|SELECT pg_catalog\.set_config\(.*\));$")


class TemplateUnusable(Exception):
    """No template can be had, or it did not produce a fully migrated schema."""


def _source() -> Organization:
    for organization in (
        Organization.objects.filter(migration_digest=target_digest())
        .exclude(status=OrganizationStatus.ARCHIVED)
        .order_by("-created_at")[:5]
    ):
        (state,) = schema_states(schemas=[organization.schema_name])
        if not state.missing:
            return organization
    raise TemplateUnusable("no organization is at the code's migration state yet")


def _generate() -> SchemaTemplate:
    source = _source()
    try:
        dump = schema_dump(source.schema_name, "--schema-only", timeout=120)
    except PgDumpFailed as error:
        raise TemplateUnusable(str(error)) from error
    # A schema-only dump has no data lines, so its session settings can go line by line:
    # among them `lock_timeout = 0`, which would lift provisioning's bound on lock waits.
    script = "\n".join(
        line for line in strip_psql_framing(dump).splitlines() if not SESSION_SETTING.match(line)
    )
    # The schema is created by schema_create, which refuses an existing one.
    script = script.replace(f"CREATE SCHEMA {source.schema_name};", "")
    template, _ = SchemaTemplate.objects.update_or_create(
        digest=target_digest(), defaults={"source_schema": source.schema_name, "sql": script}
    )
    logger.info("Made the schema template %s from %s.", template.digest, source.schema_name)
    return template


def current_template() -> SchemaTemplate:
    return SchemaTemplate.objects.filter(digest=target_digest()).first() or _generate()


def build_from_template(schema_name: str) -> None:
    """Fill the new, empty `schema_name` from the template (in the caller's transaction)."""
    template = current_template()
    script = template.ddl_for(schema_name)
    nodes = sorted(expected_migrations())
    with connection.cursor() as cursor:
        cursor.execute(script)
        cursor.execute(
            sql.SQL(
                "INSERT INTO {}.django_migrations (app, name, applied) "
                "SELECT unnest(%s::text[]), unnest(%s::text[]), now()"
            ).format(sql.Identifier(schema_name)),
            [[app for app, _ in nodes], [name for _, name in nodes]],
        )
    connection.set_schema_to_public()
    (state,) = schema_states(schemas=[schema_name])
    if state.missing or not _has_tables_of_every_tenant_model(schema_name):
        # Not "unusable" but wrong: the build logs it as an error and discards it.
        raise RuntimeError(f"the schema template {template.digest} is stale or incomplete")


def _has_tables_of_every_tenant_model(schema_name: str) -> bool:
    from django.apps import apps
    from django.conf import settings

    wanted = {
        model._meta.db_table
        for config in apps.get_app_configs()
        if config.name in settings.TENANT_APPS
        for model in config.get_models()
        if model._meta.managed and not model._meta.proxy
    }
    with connection.cursor() as cursor:
        # By table name first: pg_class is indexed on (relname, relnamespace), and a filter on
        # the schema alone scans every relation of every organization.
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE tablename = ANY(%s) AND schemaname = %s",
            [sorted(wanted), schema_name],
        )
        present = {row[0] for row in cursor.fetchall()}
    return wanted <= present


def discard_template() -> None:
    SchemaTemplate.objects.filter(digest=target_digest()).delete()
