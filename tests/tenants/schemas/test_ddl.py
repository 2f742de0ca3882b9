"""Schema DDL answers a taken name with the one conflict, and nothing else with it."""

import pytest
from django.db import DatabaseError

from tenants.schemas import SchemaExists
from tenants.schemas.ddl import schema_create, schema_rename

pytestmark = pytest.mark.django_db


def test_creating_a_schema_under_a_taken_name_is_the_schema_exists_conflict(tenant):
    with pytest.raises(SchemaExists) as conflict:
        schema_create(tenant.schema_name)
    assert conflict.value.code == "schema_exists"


def test_renaming_onto_a_taken_name_is_the_schema_exists_conflict(tenant, second_tenant):
    with pytest.raises(SchemaExists):
        schema_rename(second_tenant.schema_name, tenant.schema_name)


def test_a_failure_that_is_not_a_taken_name_is_not_reported_as_one():
    with pytest.raises(DatabaseError) as failure:
        schema_rename("org_never_created", "org_anything")
    assert not isinstance(failure.value, SchemaExists)
