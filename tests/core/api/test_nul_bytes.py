"""A NUL character, which PostgreSQL text cannot hold, never reaches the database from the
URL or a cookie: every path parameter, query parameter and cookie is refused at once."""

from http import HTTPStatus

import pytest
from rest_framework.test import APIClient

from tenants.models import Domain

pytestmark = pytest.mark.django_db


def assert_refused(response) -> None:
    assert response.status_code == HTTPStatus.BAD_REQUEST, response.content[:300]
    assert response.json()["code"] == "nul_character"
    assert response.json()["detail"]


def test_a_nul_in_a_platform_domain_path_is_a_400(platform_admin, client_for, root_host, tenant):
    admin = client_for(root_host, platform_admin)
    domains = f"/api/v1/platform/organizations/{tenant.slug}/domains/"
    before = Domain.objects.count()

    assert_refused(admin.delete(f"{domains}a%00b/"))
    assert_refused(admin.post(f"{domains}a%00b/primary/"))
    assert Domain.objects.count() == before


def test_a_nul_in_any_path_or_query_parameter_is_a_400(
    tenant_admin, tenant_client, platform_admin, client_for, root_host
):
    member = tenant_client(tenant_admin)
    assert_refused(member.delete("/api/v1/projects/1/permissions/2/vi%00ew/"))
    assert_refused(member.get("/api/v1/projects/?status=a%00b"))
    assert_refused(member.get("/api/v1/members/?page=1%00"))
    admin = client_for(root_host, platform_admin)
    assert_refused(admin.get("/api/v1/platform/organizations/?search=%00"))


def test_a_nul_in_a_cookie_is_a_400_not_a_database_error(tenant_host):
    client = APIClient(HTTP_HOST=tenant_host, raise_request_exception=False)
    # The octal escape is how a quoted cookie value carries a NUL past the HTTP server.
    client.cookies["sessionid"] = "abcdefgh\x00ijkl"
    assert_refused(client.get("/api/v1/me/"))
