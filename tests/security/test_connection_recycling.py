"""A PostgreSQL backend caches the catalog of every schema it touches; a worker that serves
many organizations recycles its connection after TENANT_CONNECTION_MAX_SCHEMAS of them."""

import pytest
from django.db import connections


@pytest.fixture
def wrapper(settings):
    settings.TENANT_CONNECTION_MAX_SCHEMAS = 2
    connection = connections.create_connection("default")  # outside the test transaction
    yield connection
    connection.close()


def visit(connection, schema: str) -> None:
    connection.set_schema(schema)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


@pytest.mark.django_db
def test_the_connection_is_recycled_after_too_many_schemas(wrapper, tenant, second_tenant):
    visit(wrapper, tenant.schema_name)
    visit(wrapper, second_tenant.schema_name)
    wrapper.close_if_unusable_or_obsolete()
    assert wrapper.connection is not None  # two schemas: within the limit

    visit(wrapper, "public")
    backend_pid = wrapper.connection.info.backend_pid
    wrapper.close_if_unusable_or_obsolete()  # what Django runs when a request ends

    assert wrapper.connection is None
    visit(wrapper, tenant.schema_name)
    assert wrapper.connection.info.backend_pid != backend_pid
    assert wrapper.schemas_seen == {tenant.schema_name}


@pytest.mark.django_db
def test_one_schema_many_times_is_never_recycled(wrapper, tenant):
    for _ in range(10):
        visit(wrapper, tenant.schema_name)
        wrapper.close_if_unusable_or_obsolete()
    assert wrapper.connection is not None


@pytest.mark.django_db
def test_without_a_limit_a_connection_is_never_recycled(settings, tenant, second_tenant):
    del settings.TENANT_CONNECTION_MAX_SCHEMAS
    connection = connections.create_connection("default")
    try:
        for schema in (tenant.schema_name, second_tenant.schema_name, "public"):
            visit(connection, schema)
        connection.close_if_unusable_or_obsolete()
        assert connection.connection is not None
    finally:
        connection.close()
