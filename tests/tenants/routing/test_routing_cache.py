"""Resolving the tenant costs no database query in steady state; changes reach every
worker within a second."""

from http import HTTPStatus

import pytest
from rest_framework.test import APIClient

from tenants.models import Organization
from tenants.routing.cache import HostCache, host_cache
from tenants.services import domains, lifecycle

pytestmark = pytest.mark.django_db


def health(host: str):
    return APIClient(HTTP_HOST=host).get("/api/v1/health/")


def test_a_second_request_resolves_the_host_without_a_query(tenant_host, django_assert_num_queries):
    health(tenant_host)
    with django_assert_num_queries(0):
        assert health(tenant_host).status_code == HTTPStatus.OK


def test_unknown_hosts_are_cached_too_but_a_new_domain_is_seen_at_once(
    tenant, django_assert_num_queries
):
    host = "shop.example.com"
    assert health(host).status_code == HTTPStatus.NOT_FOUND
    with django_assert_num_queries(0):
        assert health(host).status_code == HTTPStatus.NOT_FOUND
    domains.domain_add(organization=tenant, domain=host)
    assert health(host).status_code == HTTPStatus.OK


@pytest.mark.parametrize(
    ("change", "status"),
    [
        (lifecycle.organization_suspend, HTTPStatus.FORBIDDEN),
        (lifecycle.organization_archive, HTTPStatus.NOT_FOUND),
    ],
)
def test_a_status_change_takes_effect_at_once_in_this_worker(change, status, tenant, tenant_host):
    assert health(tenant_host).status_code == HTTPStatus.OK
    change(organization=tenant)
    assert health(tenant_host).status_code == status


def test_a_rename_is_seen_at_once(tenant, tenant_host):
    health(tenant_host)
    lifecycle.organization_rename(organization=tenant, name="Renamed Co")
    assert health(tenant_host).json()["organization"]["name"] == "Renamed Co"


def test_other_workers_see_a_change_within_a_second(tenant, tenant_host):
    clock = [1000.0]
    other_worker = HostCache(clock=lambda: clock[0])
    assert other_worker.resolve(tenant_host).status == "active"

    Organization.objects.filter(pk=tenant.pk).update(status="suspended")
    lifecycle.routing_changed()  # what every service calls after such a change

    clock[0] += 0.5
    assert other_worker.resolve(tenant_host).status == "active"  # still within its second
    clock[0] += 0.6
    assert other_worker.resolve(tenant_host).status == "suspended"


def test_entries_expire_after_their_ttl_even_without_a_version_change(
    tenant, tenant_host, settings
):
    settings.TENANT_ROUTING_CACHE_SECONDS = 30
    clock = [0.0]
    worker = HostCache(clock=lambda: clock[0])
    worker.resolve(tenant_host)
    Organization.objects.filter(pk=tenant.pk).update(name="Changed Behind Our Back")
    clock[0] += 29
    assert worker.resolve(tenant_host).name != "Changed Behind Our Back"
    clock[0] += 2
    assert worker.resolve(tenant_host).name == "Changed Behind Our Back"


def test_the_cache_is_bounded(settings):
    settings.TENANT_ROUTING_CACHE_SIZE = 3
    worker = HostCache()
    for index in range(10):
        worker.resolve(f"nowhere-{index}.example.com")
    assert len(worker) == 3


def test_requests_get_their_own_copy_of_the_organization(tenant_host):
    first = host_cache.resolve(tenant_host)
    first.name = "mutated by a view"
    assert host_cache.resolve(tenant_host).name != "mutated by a view"
