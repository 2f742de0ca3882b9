"""A backup of one organization without pg_dump (issue: pg_dump reads the whole catalog,
seconds at 10,000 organizations): the schema's DDL from the template of its migration
state, its rows read in one repeatable-read snapshot, written as the same kind of script
(INSERTs, then the sequences), which restores to an identical schema with identical rows."""

import uuid
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from psycopg import sql

from shared_apps.accounts.models import User
from tenant_apps.memberships.models import Membership
from tenant_apps.memberships.services import membership_add
from tenant_apps.projects.services import project_create, project_grant
from tenants.models import SchemaTemplate, SpareSchema
from tenants.roles import Role
from tenants.schemas import current_template, schema_restore, spare_schemas_fill
from tenants.schemas.migration_state import target_digest
from tenants.schemas.snapshot_dump import snapshot_dump, snapshot_rows
from tests.fixtures.committed import in_own_connection
from tests.fixtures.schemas import catalog

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("race_cleanup")]


def rows_of(schema: str) -> dict[str, list[tuple]]:
    """Every row of every table of `schema`, sorted."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = %s", [schema])
        tables = sorted(row[0] for row in cursor.fetchall())
        rows = {}
        for table in tables:
            cursor.execute(
                sql.SQL("SELECT * FROM {}.{}").format(sql.Identifier(schema), sql.Identifier(table))
            )
            rows[table] = sorted(cursor.fetchall(), key=repr)
    return rows


def restore_copy(organization, dump: Path) -> None:
    """The dump restored as org_snapshot_copy, beside the live organization."""
    schema_restore(
        schema_name="org_snapshot_copy", script=dump.read_text(), dumped_as=organization.schema_name
    )


@pytest.fixture
def busy_organization(committed_organization):
    """A committed organization with members, projects, grants and odd text."""
    organization = committed_organization(f"snap-{uuid.uuid4().hex[:8]}")

    def fill() -> None:
        member = User.objects.create_user(email=f"member@{organization.slug}.committed.test")
        with organization:
            owner = Membership.objects.get(role=Role.OWNER).user
            membership_add(organization=organization, user=member, role=Role.MEMBER)
            for name in ("Plain", "It's a \\ quote", "Ünïcode ✓"):
                project = project_create(actor=owner, name=name)
            project_grant(actor=owner, project=project, user_id=member.pk, permission="view")

    in_own_connection(fill)
    in_own_connection(current_template)  # of its state, as a deploy's spare fill takes it
    return organization


def test_the_dump_restores_to_an_identical_schema_with_identical_rows(busy_organization, tmp_path):
    target = tmp_path / "dump.sql"

    assert snapshot_dump(busy_organization.schema_name, target=target)

    restore_copy(busy_organization, target)
    assert catalog("org_snapshot_copy") == catalog(busy_organization.schema_name)
    assert rows_of("org_snapshot_copy") == rows_of(busy_organization.schema_name)


def test_a_dump_at_the_codes_state_restores_without_listing_the_catalog(
    busy_organization, tmp_path
):
    # Django's migration loader lists every table visible on the path, a scan of the whole
    # pg_class (hundreds of thousands of rows at 10,000 organizations) whose cost grows with
    # the organizations. A restored schema whose own record shows every migration applied
    # has nothing to migrate: its record is read, by name.
    target = tmp_path / "dump.sql"
    snapshot_dump(busy_organization.schema_name, target=target)

    with CaptureQueriesContext(connection) as queries:
        restore_copy(busy_organization, target)

    assert not [q["sql"] for q in queries.captured_queries if "pg_table_is_visible" in q["sql"]]
    assert catalog("org_snapshot_copy") == catalog(busy_organization.schema_name)


def test_with_a_spare_ready_only_the_rows_are_replayed_into_it(busy_organization, tmp_path):
    # A spare has the DDL of the code's state already, and DDL grows slower with the catalog
    # (every CREATE INDEX a few times slower at 10,000 organizations): the dump's rows go
    # into a spare renamed to the dump's name, and the result is the same.
    target = tmp_path / "dump.sql"
    snapshot_dump(busy_organization.schema_name, target=target)
    assert spare_schemas_fill(count=1) == 1

    with CaptureQueriesContext(connection) as queries:
        restore_copy(busy_organization, target)

    assert not [q["sql"] for q in queries.captured_queries if "CREATE TABLE" in q["sql"]]
    assert not SpareSchema.objects.exists()
    assert catalog("org_snapshot_copy") == catalog(busy_organization.schema_name)
    assert rows_of("org_snapshot_copy") == rows_of(busy_organization.schema_name)


def test_rows_are_taken_only_for_the_schema_the_dump_names(busy_organization, tmp_path):
    target = tmp_path / "dump.sql"
    snapshot_dump(busy_organization.schema_name, target=target)
    script = target.read_text()

    assert snapshot_rows(script, schema_name=busy_organization.schema_name)
    assert snapshot_rows(script, schema_name="org_someone_else") is None
    older = script.replace(target_digest(), "0123456789abcdef", 1)  # another code version's
    assert snapshot_rows(older, schema_name=busy_organization.schema_name) is None


def test_the_dump_ends_as_a_complete_one_and_creates_its_schema(busy_organization, tmp_path):
    target = tmp_path / "dump.sql"

    snapshot_dump(busy_organization.schema_name, target=target)

    text = target.read_text()
    assert f"CREATE SCHEMA {busy_organization.schema_name};" in text
    assert text.rstrip().endswith("-- PostgreSQL database dump complete\n--")


def test_a_schema_behind_the_code_is_left_to_pg_dump(busy_organization, tmp_path):
    # Its own record of applied migrations says so, whatever the registry says.
    def forget_a_migration() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                sql.SQL("DELETE FROM {} WHERE app = 'projects' AND name = %s").format(
                    sql.Identifier(busy_organization.schema_name, "django_migrations")
                ),
                ["0002_project_archived_at"],
            )

    in_own_connection(forget_a_migration)
    target = tmp_path / "dump.sql"

    assert snapshot_dump(busy_organization.schema_name, target=target) is False
    assert not target.exists()


def test_without_a_template_of_the_codes_state_it_is_left_to_pg_dump(busy_organization, tmp_path):
    in_own_connection(lambda: SchemaTemplate.objects.all().delete())
    target = tmp_path / "dump.sql"

    assert snapshot_dump(busy_organization.schema_name, target=target) is False
    assert not target.exists()
