"""migrate_tenants: shared schema first, then every organization, in parallel, past
failures, with a per-schema report, once at a time."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from psycopg import sql
from rest_framework.test import APIClient

from tenants.models import Organization
from tenants.rollout.lock import ROLLOUT_LOCK_KEY
from tenants.schemas import schema_states, target_digest
from tests.fixtures.committed import in_own_connection

pytestmark = pytest.mark.django_db


def rollout(*args) -> tuple[str, int]:
    out = StringIO()
    try:
        call_command("migrate_tenants", *args, stdout=out)
    except CommandError as error:
        return out.getvalue() + str(error), 1
    return out.getvalue(), 0


def test_a_no_op_run_skips_every_schema(tenant, second_tenant):
    report, status = rollout("--jobs", "2")
    assert status == 0
    assert "migrated 0" in report
    assert "failed 0" in report


@pytest.fixture
def ten_organizations(committed_organization):
    return [committed_organization(f"roll-{index}") for index in range(10)]


def test_a_failure_in_one_of_ten_schemas_leaves_the_others_migrated_and_reruns_converge(
    ten_organizations, behind
):
    schemas = [organization.schema_name for organization in ten_organizations]
    for schema in schemas:
        behind(schema)
    broken = schemas[6]

    def sabotage(drop: bool) -> None:
        statement = "DROP COLUMN archived_at" if drop else "ADD COLUMN archived_at text"
        with connection.cursor() as cursor:
            cursor.execute(
                sql.SQL("ALTER TABLE {}.projects_project " + statement).format(sql.Identifier(broken))
            )

    in_own_connection(sabotage, False)  # the migration's ADD COLUMN will fail there

    report, status = rollout("--jobs", "3")

    assert status == 1
    assert f"{broken}: failed" in report
    states = {state.schema: state for state in schema_states(schemas=schemas)}
    assert [schema for schema in schemas if states[schema].missing] == [broken]
    # the failed schema is untouched: its own column is still there, nothing recorded
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT data_type FROM information_schema.columns WHERE table_schema = %s "
            "AND table_name = 'projects_project' AND column_name = 'archived_at'",
            [broken],
        )
        assert cursor.fetchone() == ("text",)

    in_own_connection(sabotage, True)  # fixed
    report, status = rollout("--jobs", "3")

    assert status == 0
    assert "migrated 1" in report
    assert all(not state.missing for state in schema_states(schemas=schemas))


def test_a_behind_organization_answers_503_until_it_is_migrated(committed_organization, behind):
    organization = committed_organization("roll-late")
    behind(organization.schema_name)
    Organization.objects.filter(pk=organization.pk).update(migration_digest="stale")
    client = APIClient(HTTP_HOST=organization.primary_hostname)

    response = client.get("/api/v1/health/")
    assert response.status_code == 503
    assert response["Retry-After"]
    assert response.json()["code"] == "organization_migrating"

    # the rollout runs in its own connections and commits; the test sees the result
    report, status = rollout("--jobs", "1")
    assert status == 0
    assert Organization.objects.get(pk=organization.pk).migration_digest == target_digest()
    assert client.get("/api/v1/health/").status_code == 200


def test_two_rollouts_never_run_at_once():
    # This test's connection holds the lock, as a running rollout would; a rollout on
    # another connection must refuse and say why.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [ROLLOUT_LOCK_KEY])
    try:
        report, status = in_own_connection(rollout, "--jobs", "1")
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [ROLLOUT_LOCK_KEY])
    assert status == 1
    assert "another rollout is running" in report


def test_plain_lines_when_not_on_a_terminal(tenant):
    report, _ = rollout("--jobs", "1")
    assert "\r" not in report


def test_schema_only_migrations_are_replayed_as_sql(committed_organization):
    from django.db.migrations.executor import MigrationExecutor

    organization = committed_organization("roll-sql")

    def step_back() -> None:
        connection.set_schema(organization.schema_name)
        try:
            MigrationExecutor(connection).migrate([("guardian", "0002_generic_permissions_index")])
        finally:
            connection.set_schema_to_public()
        # Recorded, as an older code version's rollout would have left it.
        Organization.objects.filter(pk=organization.pk).update(migration_digest="")

    in_own_connection(step_back)
    # On its own connection: dropping guardian's shared foreign keys again needs an exclusive
    # lock on auth_permission, which the shared migrate leaves read-locked in a test transaction.
    report, status = in_own_connection(rollout, "--jobs", "2")

    assert status == 0
    assert f"{organization.schema_name}: migrated (sql" in report
    (state,) = schema_states(schemas=[organization.schema_name])
    assert not state.missing


def test_a_progress_bar_on_a_terminal(tenant):
    class Terminal(StringIO):
        def isatty(self) -> bool:
            return True

    out = Terminal()
    call_command("migrate_tenants", "--jobs", "1", stdout=out)
    assert "\r[" in out.getvalue()
    assert "schemas" in out.getvalue()


def test_replayed_sql_keeps_percent_signs_literal(tenant_migrator):
    from tenants.schemas import MigrationPlan, schema_migrate

    plan = MigrationPlan(
        nodes=(("scratch", "0001_percent"),),
        statements=("CREATE TABLE percent_test (label text DEFAULT '100%');",),
    )
    assert plan.mode == "sql"
    schema_migrate(schema_name=tenant_migrator.schema, plan=plan)  # raises if it failed

    with connection.cursor() as cursor:
        cursor.execute(
            sql.SQL("INSERT INTO {}.percent_test DEFAULT VALUES RETURNING label").format(
                sql.Identifier(tenant_migrator.schema)
            )
        )
        assert cursor.fetchone() == ("100%",)
