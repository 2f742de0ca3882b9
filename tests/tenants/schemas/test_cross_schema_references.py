"""Tenant tables point at shared rows (users, permissions, content types) without database
foreign keys. A cross-schema foreign key puts referential-integrity triggers on the shared
table for every organization: with thousands of organizations each new schema, and every
update of a user, gets slower. Users are never deleted (erasure anonymises them), so the
constraints guarded nothing that the services do not already guarantee."""

import pytest
from django.db import connection

from tenants.services.provisioning import organization_create

pytestmark = pytest.mark.django_db

FOREIGN_KEYS_LEAVING = """
    SELECT c.conrelid::regclass::text, c.confrelid::regclass::text
    FROM pg_constraint c
    JOIN pg_class source ON source.oid = c.conrelid
    JOIN pg_class target ON target.oid = c.confrelid
    WHERE c.contype = 'f' AND source.relnamespace = %s::regnamespace
      AND target.relnamespace <> source.relnamespace
"""


def foreign_keys_leaving(schema: str) -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(FOREIGN_KEYS_LEAVING, [schema])
        return cursor.fetchall()


def triggers_on_shared_tables() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE c.relnamespace = 'public'::regnamespace"
        )
        return cursor.fetchone()[0]


def user_columns(schema: str) -> set[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = %s AND column_name IN ('user_id', 'owner_id', 'invited_by_id')",
            [schema],
        )
        return set(cursor.fetchall())


@pytest.mark.parametrize("method", ["template", "migrations"])
def test_a_new_schema_has_no_foreign_key_to_a_shared_table(method, tenant, make_user, settings):
    settings.TENANT_PROVISIONING = method
    organization = organization_create(
        name="Refs", slug=f"refs-{method}", owner_email=make_user().email
    )

    assert foreign_keys_leaving(organization.schema_name) == []
    # The references themselves stay, as plain columns.
    assert user_columns(organization.schema_name) == {
        ("memberships_membership", "user_id"),
        ("projects_project", "owner_id"),
        ("invitations_invitation", "invited_by_id"),
        ("guardian_userobjectpermission", "user_id"),
    }


def test_provisioning_adds_no_trigger_to_shared_tables(tenant, make_user):
    before = triggers_on_shared_tables()

    organization_create(name="Quiet", slug="quiet", owner_email=make_user().email)

    assert triggers_on_shared_tables() == before
