from http import HTTPStatus

import pytest
from django.db import connection
from rest_framework.test import APIClient

from tenants.models import Organization, OrganizationStatus

pytestmark = pytest.mark.django_db


def get(host: str, path: str = "/api/v1/health/"):
    return APIClient(HTTP_HOST=host).get(path)


@pytest.mark.smoke
def test_the_root_domain_serves_the_platform_health(root_host):
    response = get(root_host)
    assert response.status_code == HTTPStatus.OK
    assert response.json() == {"status": "ok", "organization": None}


@pytest.mark.smoke
def test_an_organization_domain_answers_with_its_own_name(tenant, tenant_host):
    response = get(tenant_host)
    assert response.status_code == HTTPStatus.OK
    assert response.json() == {
        "status": "ok",
        "organization": {"name": tenant.name, "slug": tenant.slug},
    }


def test_the_front_page_of_an_organization_domain_names_the_organization(tenant, tenant_host):
    response = get(tenant_host, "/")
    assert response.status_code == HTTPStatus.OK
    assert response.json()["organization"]["name"] == tenant.name


def test_hosts_resolve_with_a_port_in_any_case_and_with_a_final_dot(tenant, tenant_host):
    for host in (f"{tenant_host}:8000", tenant_host.upper(), f"{tenant_host}."):
        response = get(host)
        assert response.status_code == HTTPStatus.OK, host
        assert response.json()["organization"]["slug"] == tenant.slug


@pytest.mark.parametrize(
    "host", ["nowhere.testserver.local", "evil.com", "testserver", "127.0.0.2", "a.b.c.d"]
)
def test_an_unknown_host_gets_a_json_404_and_never_the_platform_site(host):
    response = get(host)
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "detail": "No organization is served at this address.",
        "code": "unknown_host",
    }


@pytest.mark.parametrize("host", ["bad host", "acme.localhost:1@evil.com", "x" * 300])
def test_a_malformed_host_gets_a_json_400(host):
    response = get(host)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json() == {"detail": "The Host header is not valid.", "code": "invalid_host"}


def test_a_host_ending_in_two_dots_is_refused_not_routed_to_its_organization(tenant_host):
    # One final dot is the DNS root; a second leaves an empty label, which no hostname has.
    for host in (f"{tenant_host}..", f"{tenant_host}..:8000", ".."):
        response = get(host)
        assert response.status_code == HTTPStatus.BAD_REQUEST, host
        assert response.json()["code"] == "invalid_host"


def test_a_suspended_organization_answers_403_with_a_clear_message(tenant, tenant_host):
    Organization.objects.filter(pk=tenant.pk).update(status=OrganizationStatus.SUSPENDED)
    response = get(tenant_host)
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert response.json() == {
        "detail": "This organization is suspended; its data is kept. "
        "Contact the platform administrators to reactivate it.",
        "code": "organization_suspended",
    }


def test_an_archived_organization_answers_404(tenant, tenant_host):
    Organization.objects.filter(pk=tenant.pk).update(status=OrganizationStatus.ARCHIVED)
    response = get(tenant_host)
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert response.json()["code"] == "unknown_host"


def test_an_organization_whose_schema_is_behind_this_code_answers_503_with_retry_after(
    tenant, tenant_host
):
    Organization.objects.filter(pk=tenant.pk).update(migration_digest="not-this-code")
    response = get(tenant_host)
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response["Retry-After"] == "30"
    assert response.json() == {
        "detail": "This organization's data is being upgraded; try again shortly.",
        "code": "organization_migrating",
    }


def test_an_unknown_path_on_any_domain_gets_a_json_404(root_host, tenant_host):
    for host in (root_host, tenant_host):
        response = get(host, "/no/such/page/")
        assert response.status_code == HTTPStatus.NOT_FOUND
        assert response["Content-Type"] == "application/json"


def test_the_connection_is_back_on_public_after_a_tenant_request(tenant_host):
    get(tenant_host)
    assert connection.schema_name == "public"
