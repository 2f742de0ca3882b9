"""Introspection sees the active organization's schema only, without a session-level SET
(core/db/introspection.py): a table of the same name in `public` must not leak in."""

import pytest
from django.db import connection, connections

pytestmark = pytest.mark.django_db

TABLE = "memberships_membership"  # a tenant table, absent from public


@pytest.fixture
def public_twin():
    """A table in public with the tenant table's name and other columns."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE public.{TABLE} (twin_id serial PRIMARY KEY, only_in_public text)"
        )


def test_the_table_description_is_the_active_schemas(tenant, public_twin):
    connection.set_tenant(tenant)
    with connection.cursor() as cursor:
        columns = {
            column.name for column in connection.introspection.get_table_description(cursor, TABLE)
        }
    assert {"user_id", "role"} <= columns
    assert not columns & {"twin_id", "only_in_public"}
    assert connection.include_public_schema  # put back afterwards


def test_the_sequences_are_the_active_schemas(tenant, public_twin):
    connection.set_tenant(tenant)
    with connection.cursor() as cursor:
        sequences = connection.introspection.get_sequences(cursor, TABLE)
    assert [(sequence["table"], sequence["column"]) for sequence in sequences] == [(TABLE, "id")]
    assert connection.include_public_schema


def test_a_connection_made_afresh_lists_the_active_schemas_tables_only(tenant):
    """As each new thread's connection is made: every connection gets this introspection."""
    fresh = connections.create_connection("default")
    try:
        fresh.set_tenant(tenant)
        with fresh.cursor() as cursor:
            tables = {table.name for table in fresh.introspection.get_table_list(cursor)}
    finally:
        fresh.close()
    assert TABLE in tables
    assert "accounts_user" not in tables  # public's
