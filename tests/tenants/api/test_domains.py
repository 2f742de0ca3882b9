from http import HTTPStatus

import pytest
from rest_framework.test import APIClient

from tenants.models import Domain
from tests.fixtures.urls import ORGANIZATIONS_URL

pytestmark = pytest.mark.django_db


def domains_url(organization) -> str:
    return f"{ORGANIZATIONS_URL}{organization.slug}/domains/"


def test_add_a_custom_domain_case_folded(platform_client, tenant):
    response = platform_client.post(
        domains_url(tenant), {"domain": "Shop.Example.COM."}, format="json"
    )
    assert response.status_code == HTTPStatus.CREATED
    assert response.json() == {"domain": "shop.example.com", "is_primary": False}
    health = APIClient(HTTP_HOST="shop.example.com").get("/api/v1/health/")
    assert health.json()["organization"]["slug"] == tenant.slug


def test_list_domains(platform_client, tenant):
    response = platform_client.get(domains_url(tenant))
    assert response.status_code == HTTPStatus.OK
    assert response.json() == [{"domain": "tenant.testserver.local", "is_primary": True}]


@pytest.mark.parametrize(
    "domain",
    [
        "",
        "nodot",
        "bad_host.example.com",
        "-lead.example.com",
        "trail-.example.com",
        "a..b.com",
        ("x" * 64) + ".com",
        ("abc." * 70) + "com",
        "exa mple.com",
        "127.0.0.1",
        "testserver.local",
        "other.testserver.local",
        "ex\u0430mple.com",
        None,
        42,
    ],
)
def test_invalid_or_reserved_domains_are_400(domain, platform_client, tenant):
    response = platform_client.post(domains_url(tenant), {"domain": domain}, format="json")
    assert response.status_code == HTTPStatus.BAD_REQUEST, response.content
    assert "domain" in response.json()
    assert Domain.objects.filter(tenant=tenant).count() == 1


def test_a_domain_of_another_organization_is_409(platform_client, tenant, second_tenant):
    platform_client.post(domains_url(second_tenant), {"domain": "shop.example.com"}, format="json")
    response = platform_client.post(
        domains_url(tenant), {"domain": "SHOP.example.com"}, format="json"
    )
    assert response.status_code == HTTPStatus.CONFLICT
    assert response.json()["code"] == "domain_taken"


def test_choose_the_primary_domain(platform_client, tenant, make_member, client_for, root_host):
    platform_client.post(domains_url(tenant), {"domain": "shop.example.com"}, format="json")
    response = platform_client.post(f"{domains_url(tenant)}shop.example.com/primary/")
    assert response.status_code == HTTPStatus.OK
    assert Domain.objects.get(tenant=tenant, is_primary=True).domain == "shop.example.com"
    assert Domain.objects.filter(tenant=tenant, is_primary=True).count() == 1

    member = make_member(tenant)
    me = client_for(root_host, member).get("/api/v1/me/").json()
    assert me["organizations"][0]["url"] == "http://shop.example.com/"


def test_remove_a_non_primary_domain_but_never_the_primary(platform_client, tenant):
    platform_client.post(domains_url(tenant), {"domain": "shop.example.com"}, format="json")

    primary = platform_client.delete(f"{domains_url(tenant)}tenant.testserver.local/")
    assert primary.status_code == HTTPStatus.CONFLICT
    assert primary.json()["code"] == "primary_domain"
    removed = platform_client.delete(f"{domains_url(tenant)}shop.example.com/")
    assert removed.status_code == HTTPStatus.NO_CONTENT
    assert not Domain.objects.filter(domain="shop.example.com").exists()


def test_domains_of_another_organization_cannot_be_touched_through_this_one(
    platform_client, tenant, second_tenant
):
    url = f"{domains_url(tenant)}{second_tenant.slug}.testserver.local/"
    assert platform_client.delete(url).status_code == HTTPStatus.NOT_FOUND
    assert platform_client.post(f"{url}primary/").status_code == HTTPStatus.NOT_FOUND


def test_a_custom_domain_the_deployment_does_not_serve_cannot_be_added(
    platform_client, tenant, settings
):
    settings.TENANT_CUSTOM_DOMAINS = [".customers.example.net"]
    settings.ALLOWED_HOSTS = [".testserver.local", "testserver.local", ".customers.example.net"]
    url = domains_url(tenant)
    refused = platform_client.post(url, {"domain": "shop.example.com"}, format="json")
    assert refused.status_code == 400
    assert "TENANT_CUSTOM_DOMAINS" in " ".join(refused.json()["domain"])

    accepted = platform_client.post(url, {"domain": "shop.customers.example.net"}, format="json")
    assert accepted.status_code == 201
