from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.migrations.loader import MigrationLoader

from tenants.schemas import expected_migrations, schema_states, target_digest

pytestmark = pytest.mark.django_db


def test_the_target_is_every_migration_of_the_code():
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    assert expected_migrations() == frozenset(graph.nodes)
    assert len(target_digest()) == 16


def test_a_freshly_provisioned_schema_is_at_the_target(tenant):
    (state,) = schema_states(schemas=[tenant.schema_name])
    assert state.missing == frozenset()
    assert state.digest == target_digest()
    tenant.refresh_from_db()
    assert tenant.migration_digest == target_digest()


def test_status_reports_applied_and_missing_per_app(tenant, second_tenant, behind):
    # Not recorded: the status reads every schema whatever the registry says, and the
    # session's organization keeps its committed digest for the tests after this one.
    behind(second_tenant.schema_name, record=False)
    try:
        out = StringIO()
        with pytest.raises(CommandError, match="1 organization"):
            call_command("tenant_migration_status", "--check", stdout=out)
        report = out.getvalue()
        assert "second-tenant" in report
        assert "projects: missing 0002_project_archived_at" in report
        (state,) = schema_states(schemas=[second_tenant.schema_name])
        assert state.missing == {
            ("projects", "0002_project_archived_at"),
            ("projects", "0003_user_without_db_constraint"),
        }
    finally:  # --verify: its digest still says it is at the target
        call_command("migrate_tenants", "--jobs", "1", "--verify", stdout=StringIO())


def test_status_without_check_lists_every_organization_and_exits_zero(tenant):
    out = StringIO()
    call_command("tenant_migration_status", stdout=out)
    assert f"{tenant.slug}: up to date" in out.getvalue()
