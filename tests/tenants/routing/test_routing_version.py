"""The shared routing version (tenants/routing/cache.py, `_bump_version`): each change moves
it on, from unset too, it never expires (an expired key would bring back version 0, under
which stale entries are valid again), and a shared cache that cannot be written is logged."""

import logging
import time

import pytest
from django.core.cache import caches

from tenants.models import Organization
from tenants.routing.cache import (
    VERSION_CHECK_SECONDS,
    VERSION_KEY,
    HostCache,
    _bump_version,
    _shared_version,
)


@pytest.fixture
def shared():
    cache = caches["routing"]
    cache.delete(VERSION_KEY)
    yield cache
    cache.delete(VERSION_KEY)


def test_each_change_moves_the_version_on_from_unset(shared):
    assert _shared_version() == 0
    _bump_version()
    assert _shared_version() == 1
    _bump_version()
    assert _shared_version() == 2


def test_the_version_never_expires(shared, monkeypatch):
    monkeypatch.setattr(shared, "default_timeout", 1)  # what a key set without a timeout gets
    _bump_version()
    time.sleep(1.2)
    assert _shared_version() == 1


def test_a_shared_cache_that_cannot_be_written_is_logged_not_raised(shared, monkeypatch, caplog):
    def down(*args, **kwargs):
        raise ConnectionError("the shared cache is down")

    monkeypatch.setattr(shared, "incr", down)
    monkeypatch.setattr(shared, "set", down)
    with caplog.at_level(logging.ERROR, logger="tenants.routing.cache"):
        _bump_version()
    assert [record.getMessage() for record in caplog.records] == [
        "Could not bump the routing cache version; other workers may lag."
    ]


def test_a_shared_cache_that_cannot_be_read_turns_caching_off_with_a_warning(
    shared, monkeypatch, caplog
):
    def down(*args, **kwargs):
        raise ConnectionError("the shared cache is down")

    monkeypatch.setattr(shared, "get", down)
    with caplog.at_level(logging.WARNING, logger="tenants.routing.cache"):
        assert _shared_version() is None
    assert [record.getMessage() for record in caplog.records] == [
        "Routing cache version unavailable; resolving hosts from the database."
    ]


@pytest.mark.django_db
def test_the_version_is_read_again_after_exactly_one_second(shared, tenant, tenant_host):
    clock = [1000.0]
    worker = HostCache(clock=lambda: clock[0])
    assert worker.resolve(tenant_host).status == "active"

    Organization.objects.filter(pk=tenant.pk).update(status="suspended")
    _bump_version()

    clock[0] += VERSION_CHECK_SECONDS
    assert worker.resolve(tenant_host).status == "suspended"
