"""With the allowed hosts of production (derived from the base domain), a host outside
them gets a JSON 400 before any lookup."""

import pytest

from tenants.models import Domain

pytestmark = pytest.mark.django_db


@pytest.fixture
def production_hosts(settings):
    settings.TENANT_CUSTOM_DOMAINS = [".customers.example.net"]
    settings.ALLOWED_HOSTS = [
        settings.TENANT_BASE_DOMAIN,
        f".{settings.TENANT_BASE_DOMAIN}",
        *settings.TENANT_CUSTOM_DOMAINS,
    ]


def test_a_host_outside_the_allowed_hosts_is_400_json(production_hosts, client, tenant):
    response = client.get("/api/v1/health/", HTTP_HOST="evil.com")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_host"


def test_the_platform_and_organizations_are_served(production_hosts, client, tenant):
    assert client.get("/api/v1/health/", HTTP_HOST="testserver.local").status_code == 200
    assert client.get("/api/v1/health/", HTTP_HOST="tenant.testserver.local").status_code == 200


def test_a_registered_custom_domain_inside_the_allowed_pattern_is_served(
    production_hosts, client, tenant
):
    Domain.objects.create(domain="shop.customers.example.net", tenant=tenant, is_primary=False)
    response = client.get("/api/v1/health/", HTTP_HOST="shop.customers.example.net")
    assert response.status_code == 200
