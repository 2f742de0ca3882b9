"""migrate_tenants trusts an organization's migration digest: a schema recorded at the
code's target is not read again (at 10,000 organizations reading every schema's
django_migrations took 10 of a no-op run's 15 s). Every other schema is read, and
`--verify` reads them all."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tenants.models import Organization
from tenants.schemas import target_digest
from tests.fixtures.committed import in_own_connection
from tests.migrations.conftest import unapply_last_projects_migration

pytestmark = pytest.mark.django_db


def schemas_read(*args, among: tuple[Organization, ...]) -> set[str]:
    """The schemas of `among` whose django_migrations a migrate_tenants run read (other
    tests' committed organizations may be there too)."""
    organizations = [organization.schema_name for organization in among]
    with CaptureQueriesContext(connection) as queries:
        call_command("migrate_tenants", "--jobs", "1", *args, stdout=StringIO())
    reads = [query["sql"] for query in queries if '"django_migrations"' in query["sql"]]
    return {schema for schema in organizations if any(f'"{schema}"' in sql for sql in reads)}


def test_schemas_recorded_at_the_target_are_not_read(tenant, second_tenant):
    assert tenant.migration_digest == second_tenant.migration_digest == target_digest()

    assert schemas_read(among=(tenant, second_tenant)) == set()


def test_a_schema_not_recorded_at_the_target_is_read_and_then_recorded(tenant, second_tenant):
    Organization.objects.filter(pk=second_tenant.pk).update(migration_digest="")

    assert schemas_read(among=(tenant, second_tenant)) == {second_tenant.schema_name}
    second_tenant.refresh_from_db()
    assert second_tenant.migration_digest == target_digest()


def test_verify_reads_every_schema(tenant, second_tenant):
    read = schemas_read("--verify", among=(tenant, second_tenant))
    assert read == {tenant.schema_name, second_tenant.schema_name}


def test_verify_finds_a_schema_put_behind_the_registrys_back(committed_organization):
    organization = committed_organization("roll-unrecorded")
    in_own_connection(unapply_last_projects_migration, organization.schema_name, record=False)
    out = StringIO()

    call_command("migrate_tenants", "--jobs", "1", stdout=out)
    assert "migrated 0" in out.getvalue()  # its digest still says it is at the target
    call_command("migrate_tenants", "--jobs", "1", "--verify", stdout=out)

    assert "migrated 1" in out.getvalue()
