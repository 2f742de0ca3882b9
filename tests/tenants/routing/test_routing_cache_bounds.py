"""The edges of the per-worker host cache (tenants/routing/cache.py): an entry is served
until just before its TTL ends, a TTL of one second still caches, nothing is kept while
caching is off, and the least recently used host is the one dropped."""

import pytest
from django.core.cache import caches

from tenants.models import Organization
from tenants.routing.cache import HostCache

pytestmark = pytest.mark.django_db


def test_an_entry_is_not_served_at_the_moment_its_ttl_ends(tenant, tenant_host, settings):
    settings.TENANT_ROUTING_CACHE_SECONDS = 30
    clock = [0.0]
    worker = HostCache(clock=lambda: clock[0])
    worker.resolve(tenant_host)
    Organization.objects.filter(pk=tenant.pk).update(name="Changed Behind Our Back")
    clock[0] = 30.0
    assert worker.resolve(tenant_host).name == "Changed Behind Our Back"


def test_a_ttl_of_one_second_still_caches(tenant_host, settings, django_assert_num_queries):
    settings.TENANT_ROUTING_CACHE_SECONDS = 1
    worker = HostCache(clock=lambda: 0.0)
    worker.resolve(tenant_host)
    with django_assert_num_queries(0):
        worker.resolve(tenant_host)


def test_nothing_is_kept_with_a_ttl_of_zero(tenant_host, settings):
    settings.TENANT_ROUTING_CACHE_SECONDS = 0
    worker = HostCache()
    worker.resolve(tenant_host)
    assert len(worker) == 0


def test_nothing_is_kept_while_the_shared_version_cannot_be_read(tenant_host, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("the shared cache is down")

    monkeypatch.setattr(caches["routing"], "get", down)
    worker = HostCache()
    worker.resolve(tenant_host)
    assert len(worker) == 0


def test_the_least_recently_used_host_is_dropped_first(settings, django_assert_num_queries):
    settings.TENANT_ROUTING_CACHE_SIZE = 2
    worker = HostCache(clock=lambda: 0.0)
    for host in ("a.example.com", "b.example.com", "a.example.com", "c.example.com"):
        worker.resolve(host)  # a is used again after b: b is the least recently used
    with django_assert_num_queries(0):
        worker.resolve("a.example.com")
        worker.resolve("c.example.com")
    with django_assert_num_queries(1):
        worker.resolve("b.example.com")
