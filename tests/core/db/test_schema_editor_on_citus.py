"""Django's schema editor sends three DDL templates as two commands in one string, the DDL
and a `SET CONSTRAINTS ... IMMEDIATE`; on Citus they go one by one (core/db/schema.py)."""

import pytest
from django.db import connection
from django.db.backends.postgresql.schema import DatabaseSchemaEditor

from core.db.schema import split_constraint_checks


def test_a_dropped_foreign_key_is_its_check_then_the_drop():
    statement = DatabaseSchemaEditor.sql_delete_fk % {"name": '"fk"', "table": '"grants"'}

    assert split_constraint_checks(statement) == [
        'SET CONSTRAINTS "fk" IMMEDIATE',
        'ALTER TABLE "grants" DROP CONSTRAINT "fk"',
    ]


def test_a_filled_default_is_the_update_then_the_checks():
    statement = DatabaseSchemaEditor.sql_update_with_default % {
        "table": '"projects"', "column": '"status"', "default": "%s"
    }  # fmt: skip

    assert split_constraint_checks(statement) == [
        'UPDATE "projects" SET "status" = %s WHERE "status" IS NULL',
        "SET CONSTRAINTS ALL IMMEDIATE",
    ]


def test_a_statement_of_one_command_stays_whole():
    statement = 'ALTER TABLE "projects" ADD COLUMN "note" text'

    assert split_constraint_checks(statement) == [statement]


@pytest.mark.django_db
def test_a_positive_integer_column_added_by_a_migration_keeps_its_check():
    """Citus refuses a column added with an unnamed check: there the check follows the
    column under a name of its own (tenants 0012 adds such columns to the registry)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = 'tenants_organization'::regclass AND contype = 'c'"
        )
        checks = {row[0] for row in cursor.fetchall()}

    assert "CHECK ((concurrent_requests >= 0))" in checks
