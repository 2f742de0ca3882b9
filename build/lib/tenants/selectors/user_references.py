"""Where organization schemas point at users: by id, or by their email address.

Tenant tables reference `public.accounts_user` by plain columns, not database foreign keys.
A foreign key across schemas puts integrity triggers on the shared table for every
organization (about 16,000 on accounts_user at 2,000 organizations), and each new schema and
every update of a user got slower as organizations were added. Users are never deleted but
by erasure, which finds every reference here and clears it, or refuses, before deleting the
user; `check_membership_index` reports references to users that no longer exist.
"""

from collections.abc import Callable

from django.apps import apps
from django.conf import settings
from django.db import models

from shared_apps.accounts.models import User
from tenants.schemas import schemas_with_table, union_over_schemas


def _tenant_columns(chosen: Callable[[models.Field], bool]) -> list[tuple[str, str]]:
    return sorted(
        (model._meta.db_table, field.column)
        for config in apps.get_app_configs()
        if config.name in settings.TENANT_APPS
        for model in config.get_models()
        for field in model._meta.concrete_fields
        if chosen(field)
    )


def user_reference_columns() -> list[tuple[str, str]]:
    """(table, column) of every tenant-model field that points at a user."""
    return _tenant_columns(lambda field: field.is_relation and field.related_model is User)


def email_reference_columns() -> list[tuple[str, str]]:
    """(table, column) of every tenant-model email field: an address there (an invitation,
    say) refers to whoever owns it, member or not."""
    return _tenant_columns(lambda field: isinstance(field, models.EmailField))


def schemas_referencing_user(user: User) -> set[str]:
    """Organization schemas with any row that points at the user, by id or by email address
    (one query per column). Addresses are stored normalized, so the match is exact."""
    found: set[str] = set()
    references = [(column, user.pk) for column in user_reference_columns()]
    references += [(column, user.email) for column in email_reference_columns()]
    for (table, column), value in references:
        rows = union_over_schemas(
            schemas=schemas_with_table(table=table),
            select="SELECT 1 FROM {schema}.{table} WHERE {column} = %s LIMIT 1",
            table=table,
            column=column,
            params=[value],
        )
        found.update(schema for schema, _ in rows)
    return found


def dangling_user_references(
    *, schemas: list[str] | None = None
) -> list[tuple[str, str, str, int]]:
    """(schema, table, column, user id) of references to users that do not exist, in every
    organization schema or only in `schemas`."""
    dangling = []
    for table, column in user_reference_columns():
        rows = union_over_schemas(
            schemas=schemas_with_table(table=table, schemas=schemas),
            select=(
                "SELECT DISTINCT r.{column} FROM {schema}.{table} AS r "
                "WHERE r.{column} IS NOT NULL AND NOT EXISTS "
                "(SELECT 1 FROM public.accounts_user AS u WHERE u.id = r.{column})"
            ),
            table=table,
            column=column,
        )
        dangling.extend((schema, table, column, user_id) for schema, user_id in rows)
    return sorted(dangling)
