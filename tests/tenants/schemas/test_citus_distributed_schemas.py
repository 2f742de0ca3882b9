"""On Citus every organization schema is a distributed schema, placed whole on one worker,
however it was made: from the template, by migrations, from a spare, or from a backup, in
the transaction that makes it (tenants/schemas/build.py). A replayed dump (template, spare,
backup) fills a plain schema that is distributed once complete, since some of the DDL
pg_dump writes is refused inside a distributed schema; migrations run in a schema
distributed while still empty."""

import re

import pytest
from django.db import connection

from tenants.models import SpareSchema
from tenants.schemas import schema_dump, schema_restore
from tenants.schemas.spares import spare_schemas_fill
from tenants.services.provisioning import organization_create

pytestmark = [pytest.mark.citus, pytest.mark.django_db]


def distributed_schemas() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT schema_name::text FROM citus_schemas")
        return {row[0] for row in cursor.fetchall()}


def test_the_test_organizations_are_distributed(tenant, second_tenant):
    assert {tenant.schema_name, second_tenant.schema_name} <= distributed_schemas()


@pytest.mark.parametrize("provisioning", ["template", "migrations"])
def test_a_new_organization_schema_is_distributed(provisioning, tenant, make_user, settings):
    settings.TENANT_PROVISIONING = provisioning
    owner = make_user()

    organization = organization_create(
        name="Spread", slug=f"spread-{provisioning}", owner_email=owner.email
    )

    assert organization.schema_name in distributed_schemas()


def test_a_spare_is_distributed_as_it_is_built(tenant, settings):
    """Off the request path: an organization that takes it only renames it (measured in
    BENCHMARKS.md, "Citus": distributing at the take cost about 180 ms of the request)."""
    settings.TENANT_SPARE_SCHEMAS = 1
    assert spare_schemas_fill() == 1

    assert SpareSchema.objects.get().schema_name in distributed_schemas()


def test_a_spare_is_distributed_when_an_organization_takes_it(tenant, make_user, settings):
    settings.TENANT_SPARE_SCHEMAS = 1
    assert spare_schemas_fill() == 1
    owner = make_user()

    organization = organization_create(name="Spared", slug="spared", owner_email=owner.email)

    assert organization.schema_name in distributed_schemas()


def test_a_restored_schema_is_distributed(tenant):
    dump = schema_dump(tenant.schema_name, "--inserts", timeout=60)  # as a purge takes it
    script = re.sub(rf"\b{tenant.schema_name}\b", "org_citus_restored", dump)

    schema_restore(schema_name="org_citus_restored", script=script, dumped_as="org_citus_restored")

    assert "org_citus_restored" in distributed_schemas()
