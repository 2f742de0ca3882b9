"""Every endpoint of the tenant URLconf, probed by strangers: nothing of `tenant` leaks.

(a) anonymous callers, (b) members of `second_tenant` with a valid token, calling on
`tenant`'s host, and (c) any caller on an unknown host get 401/404 and no byte of
`tenant`'s data. Endpoints open to non-members must be named in OPEN_TO_NON_MEMBERS
(tests/fixtures/routes.py), with the reason.
"""

from http import HTTPStatus

import pytest

from tenant_apps.projects.models import Project
from tenants.roles import Role
from tests.fixtures.routes import METHODS, OPEN_TO_NON_MEMBERS, routes_of

pytestmark = pytest.mark.django_db
TENANT_URLCONF = "core.urls_tenant"
MARKER_PROJECT = "Marker project 7f3a"


@pytest.fixture
def marker_member(make_member, tenant):
    """A member whose email and id must never reach a stranger. A project with the same id
    exists too, so every `<int:...>` route parameter points at real tenant rows."""
    member = make_member(tenant, Role.ADMIN, email="marker-7f3a@tenant-data.test")
    with tenant:
        Project.objects.create(id=member.pk, name=MARKER_PROJECT, slug="marker", owner=member)
    return member


@pytest.fixture
def tenant_routes(marker_member):
    def value_for(converter, name):
        return str(marker_member.pk) if converter in {"int", None} else "x"

    return routes_of(TENANT_URLCONF, value_for)


def leaks(response, tenant, marker_member) -> list[str]:
    body = response.content.decode(errors="replace")
    secrets = (marker_member.email, tenant.name, MARKER_PROJECT)
    return [secret for secret in secrets if secret in body]


def call(client, method, path):
    return getattr(client, method)(path, {}, format="json")


def test_the_allow_list_names_only_routes_that_exist(tenant_routes):
    assert set(OPEN_TO_NON_MEMBERS) <= {route.name for route in tenant_routes}


def test_the_harness_sees_member_only_endpoints(tenant_routes):
    assert [route for route in tenant_routes if route.name not in OPEN_TO_NON_MEMBERS]


def test_anonymous_callers_get_401_or_404_and_no_tenant_data(
    tenant_routes, tenant, marker_member, tenant_client
):
    client = tenant_client()
    for route in tenant_routes:
        if route.name in OPEN_TO_NON_MEMBERS:
            continue
        for method in METHODS:
            response = call(client, method, route.path)
            assert response.status_code in {HTTPStatus.UNAUTHORIZED, HTTPStatus.NOT_FOUND}, (
                method,
                route,
                response.status_code,
            )
            assert not leaks(response, tenant, marker_member), (method, route)


def test_members_of_another_organization_get_404_with_a_valid_token(
    tenant_routes, tenant, marker_member, second_tenant_member, tenant_client
):
    client = tenant_client(second_tenant_member)
    for route in tenant_routes:
        if route.name in OPEN_TO_NON_MEMBERS:
            continue
        for method in METHODS:
            response = call(client, method, route.path)
            assert response.status_code == HTTPStatus.NOT_FOUND, (method, route, response.content)
            assert not leaks(response, tenant, marker_member), (method, route)


def test_authenticated_users_with_no_membership_get_404(
    tenant_routes, tenant, marker_member, make_user, tenant_client
):
    client = tenant_client(make_user())
    for route in tenant_routes:
        if route.name in OPEN_TO_NON_MEMBERS:
            continue
        response = call(client, "get", route.path)
        assert response.status_code == HTTPStatus.NOT_FOUND, route


def test_every_path_on_an_unknown_host_is_404_and_empty_of_tenant_data(
    tenant_routes, tenant, marker_member, client_for
):
    client = client_for("unknown.testserver.local", marker_member)
    for route in tenant_routes:
        for method in METHODS:
            response = call(client, method, route.path)
            assert response.status_code == HTTPStatus.NOT_FOUND, (method, route)
            assert not leaks(response, tenant, marker_member), (method, route)


def test_routes_open_to_non_members_show_strangers_nothing_of_the_members(
    tenant_routes, tenant, marker_member, second_tenant_member, tenant_client, settings
):
    # Health and home name the organization by design; no open route may show a member or
    # a project, whoever calls and however (the invitation page with no valid token).
    settings.LOGIN_THROTTLE_RATES = dict.fromkeys(settings.LOGIN_THROTTLE_RATES, "1000/minute")
    open_routes = [route for route in tenant_routes if route.name in OPEN_TO_NON_MEMBERS]
    for client in (tenant_client(), tenant_client(second_tenant_member)):
        for route in open_routes:
            for method in METHODS:
                response = call(client, method, route.path)
                assert response.status_code < HTTPStatus.INTERNAL_SERVER_ERROR, (method, route)
                body = response.content.decode(errors="replace")
                assert marker_member.email not in body, (method, route)
                assert MARKER_PROJECT not in body, (method, route)


def test_members_do_reach_the_member_only_endpoints(tenant_routes, marker_member, tenant_client):
    client = tenant_client(marker_member)
    statuses = {
        route.name: call(client, "get", route.path).status_code
        for route in tenant_routes
        if route.name not in OPEN_TO_NON_MEMBERS
    }
    assert HTTPStatus.OK in statuses.values(), statuses
