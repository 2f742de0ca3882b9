"""Isolation below the HTTP layer: cache keys, content types, forwarded hosts."""

from http import HTTPStatus

import pytest
from django.core.cache import cache
from django.db import connection
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_a_cached_value_set_for_one_tenant_is_invisible_to_another(tenant, second_tenant):
    with tenant:
        cache.set("report", "tenant's secret", 30)
    with second_tenant:
        assert cache.get("report") is None
    with tenant:
        assert cache.get("report") == "tenant's secret"
        cache.delete("report")


def schemas_holding(table: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_schema FROM information_schema.tables WHERE table_name = %s", [table]
        )
        return [row[0] for row in cursor.fetchall()]


def test_there_is_one_content_type_id_space_shared_by_every_schema(tenant, second_tenant):
    # guardian's content_type ids can never mean different models in different schemas
    assert schemas_holding("django_content_type") == ["public"]
    assert schemas_holding("auth_permission") == ["public"]


def test_x_forwarded_host_never_chooses_the_tenant(second_tenant_host, tenant_host, tenant):
    client = APIClient(HTTP_HOST="unknown.testserver.local", HTTP_X_FORWARDED_HOST=tenant_host)
    assert client.get("/api/v1/health/").status_code == HTTPStatus.NOT_FOUND

    client = APIClient(HTTP_HOST=second_tenant_host, HTTP_X_FORWARDED_HOST=tenant_host)
    body = client.get("/api/v1/health/").json()
    assert body["organization"]["slug"] != tenant.slug
