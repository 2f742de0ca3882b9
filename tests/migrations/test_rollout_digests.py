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

pytestmark = pytest.mark.django_db


def schemas_read(*args) -> set[str]:
    """The organization schemas whose django_migrations a migrate_tenants run read."""
    organizations = Organization.objects.values_list("schema_name", flat=True)
    with CaptureQueriesContext(connection) as queries:
        call_command("migrate_tenants", "--jobs", "1", *args, stdout=StringIO())
    reads = [query["sql"] for query in queries if '"django_migrations"' in query["sql"]]
    return {schema for schema in organizations if any(f'"{schema}"' in sql for sql in reads)}


def test_schemas_recorded_at_the_target_are_not_read(tenant, second_tenant):
    assert tenant.migration_digest == second_tenant.migration_digest == target_digest()

    assert schemas_read() == set()


def test_a_schema_not_recorded_at_the_target_is_read_and_then_recorded(tenant, second_tenant):
    Organization.objects.filter(pk=second_tenant.pk).update(migration_digest="")

    assert schemas_read() == {second_tenant.schema_name}
    second_tenant.refresh_from_db()
    assert second_tenant.migration_digest == target_digest()


def test_verify_reads_every_schema(tenant, second_tenant):
    assert schemas_read("--verify") == {tenant.schema_name, second_tenant.schema_name}
