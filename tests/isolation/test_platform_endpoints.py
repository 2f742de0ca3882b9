"""Every platform endpoint of the public URLconf refuses everyone but platform admins:
anonymous callers get 401, other users (tenant owners included) 403, on every method."""

from http import HTTPStatus

import pytest

from tenants.roles import Role
from tests.fixtures.routes import METHODS, routes_of

pytestmark = pytest.mark.django_db
PUBLIC_URLCONF = "core.urls_public"


@pytest.fixture
def platform_routes(tenant):
    def value_for(converter, name):
        return {"slug": tenant.slug, "domain": f"{tenant.slug}.testserver.local"}.get(name, "1")

    routes = routes_of(PUBLIC_URLCONF, value_for)
    return [route for route in routes if route.path.startswith("/api/v1/platform/")]


def test_the_harness_finds_the_platform_endpoints(platform_routes):
    assert len(platform_routes) >= 5


def test_anonymous_callers_get_401_on_every_platform_endpoint(
    platform_routes, client_for, root_host
):
    client = client_for(root_host)
    for route in platform_routes:
        for method in METHODS:
            response = getattr(client, method)(route.path, {}, format="json")
            assert response.status_code == HTTPStatus.UNAUTHORIZED, (method, route)


@pytest.mark.parametrize("role", [Role.OWNER, Role.ADMIN, None])
def test_users_who_are_not_platform_admins_get_403(
    role, platform_routes, make_user, make_member, tenant, client_for, root_host
):
    user = make_member(tenant, role) if role else make_user()
    client = client_for(root_host, user)
    for route in platform_routes:
        for method in METHODS:
            response = getattr(client, method)(route.path, {}, format="json")
            assert response.status_code == HTTPStatus.FORBIDDEN, (method, route)
    tenant.refresh_from_db()
    assert tenant.status == "active"


def test_platform_paths_do_not_exist_on_organization_domains(
    platform_routes, platform_admin, client_for, tenant_host
):
    client = client_for(tenant_host, platform_admin)
    for route in platform_routes:
        assert client.get(route.path).status_code == HTTPStatus.NOT_FOUND, route
