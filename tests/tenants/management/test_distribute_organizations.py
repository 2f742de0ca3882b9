"""Moving an existing deployment to Citus: after `CREATE EXTENSION citus` and adding the
workers, `distribute_organizations` makes the shared tables reference tables and places
every organization schema not yet distributed on a worker, one schema per transaction."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from model_bakery import baker

from tenants.models import Organization
from tenants.schemas.ddl import schema_create
from tenants.schemas.template import build_from_template

pytestmark = pytest.mark.django_db


def distributed(schema: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT EXISTS (SELECT FROM pg_dist_schema WHERE schemaid = %s::regnamespace)",
            [schema],
        )
        return cursor.fetchone()[0]


@pytest.mark.citus
def test_an_organization_schema_from_before_citus_is_distributed(tenant):
    # As one server made it: a schema filled from the template, never distributed.
    schema_create("org_from_before_citus")
    build_from_template("org_from_before_citus")
    organization = baker.make(
        Organization, slug="from-before-citus", schema_name="org_from_before_citus"
    )
    assert not distributed(organization.schema_name)
    out = StringIO()

    call_command("distribute_organizations", stdout=out)

    assert distributed(organization.schema_name)
    assert f"Distributed {organization.slug}" in out.getvalue()
    assert tenant.slug not in out.getvalue()  # distributed already: left as it is


@pytest.mark.single_node
def test_on_a_single_server_the_command_says_there_is_no_cluster():
    with pytest.raises(CommandError, match="not a Citus cluster"):
        call_command("distribute_organizations", stdout=StringIO())
