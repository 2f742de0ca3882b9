"""Django's schema editor sends three DDL templates as two commands in one string, the DDL
and a `SET CONSTRAINTS ... IMMEDIATE`; on Citus they go one by one (core/db/schema.py)."""

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
