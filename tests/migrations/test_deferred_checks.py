"""Checks left pending by rows written earlier in a migration's transaction run before the
DDL that needs them gone, on plain PostgreSQL and on Citus alike."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db


def test_a_foreign_key_is_dropped_after_rows_written_in_the_same_transaction(
    tenant_migrator, make_user
):
    """Django drops a foreign key as `SET CONSTRAINTS <fk> IMMEDIATE; ALTER TABLE ... DROP
    CONSTRAINT <fk>`: the row below leaves its check pending until then. On Citus the SET
    stays on the coordinator, and the worker holding the table would refuse the drop
    ("pending trigger events") unless the checks are run there too."""
    user = make_user()
    old = tenant_migrator.migrate([("memberships", "0001_initial")])
    old.get_model("memberships", "Membership").objects.create(user_id=user.pk, role="owner")

    MigrationExecutor(connection).migrate([("memberships", "0002_user_without_db_constraint")])

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_constraint WHERE contype = 'f' "
            "AND conrelid = %s::regclass AND confrelid = 'public.accounts_user'::regclass",
            [f"{tenant_migrator.schema}.memberships_membership"],
        )
        assert cursor.fetchone()[0] == 0
