"""Far below its limit, an organization's requests are added to the shared count in Redis
in batches of COUNT_BATCH (one round trip per batch instead of per request: fair share's
cost on an unsaturated request, BENCHMARKS.md "Throughput"). Near the limit every request
is counted there at once, so the limit holds exactly within a process; counts another
worker holds back are seen at its next batch (README "Fair share" states the bound)."""

from http import HTTPStatus

import pytest
import redis
from rest_framework.test import APIClient

from tenants.routing import fair_share

pytestmark = pytest.mark.django_db
A_MINUTE = 60 * 29_000_000.0  # a fixed moment, well inside a window: no window turns over


@pytest.fixture
def shared(own_redis, settings, tenant, monkeypatch):
    """Fair share counting in a Redis of the test's own, at a fixed time."""
    monkeypatch.setattr(fair_share, "now", lambda: A_MINUTE + 1)
    settings.REDIS_URL = own_redis.url
    fair_share.counter_client.cache_clear()
    fair_share.counters_reset(tenant)
    yield redis.Redis.from_url(own_redis.url)
    fair_share.counters_reset(tenant)
    fair_share.counter_client.cache_clear()


def plan(settings, per_minute: int) -> None:
    settings.ORGANIZATION_PLANS = {
        "standard": {"requests_per_minute": per_minute, "concurrent_requests": 5}
    }


def counted(client: redis.Redis, tenant) -> int:
    key = f"tenantry:fair-share:{tenant.pk}:{int(A_MINUTE // 60)}"
    return int(client.get(key) or 0)


def health(host: str) -> int:
    return APIClient(HTTP_HOST=host).get("/api/v1/health/").status_code


def test_far_below_the_limit_requests_reach_redis_in_batches(shared, settings, tenant, tenant_host):
    plan(settings, 1000)

    answers = [health(tenant_host) for _ in range(25)]

    assert answers == [HTTPStatus.OK] * 25
    assert counted(shared, tenant) == 2 * fair_share.COUNT_BATCH  # five still held here


def test_near_the_limit_every_request_is_counted_at_once_and_the_limit_is_exact(
    shared, settings, tenant, tenant_host
):
    plan(settings, 12)

    answers = [health(tenant_host) for _ in range(13)]

    assert answers == [HTTPStatus.OK] * 12 + [HTTPStatus.TOO_MANY_REQUESTS]
    assert counted(shared, tenant) == 13


def test_what_other_workers_counted_is_seen_at_the_next_batch_at_the_latest(
    shared, settings, tenant, tenant_host
):
    plan(settings, 1000)
    shared.set(f"tenantry:fair-share:{tenant.pk}:{int(A_MINUTE // 60)}", 995)  # others' count

    answers = [health(tenant_host) for _ in range(fair_share.COUNT_BATCH)]

    # Served until this process's batch meets the shared count: at most a batch too many.
    assert answers == [HTTPStatus.OK] * (fair_share.COUNT_BATCH - 1) + [
        HTTPStatus.TOO_MANY_REQUESTS
    ]


def test_past_the_limit_a_process_refuses_without_a_round_trip_until_the_window_ends(
    shared, settings, tenant, tenant_host
):
    # A flood past its share is answered from memory: each 429 asking Redis again was half
    # of its cost, and a flood's 429s take the CPU the other organizations need.
    plan(settings, 12)
    [health(tenant_host) for _ in range(13)]

    answers = [health(tenant_host) for _ in range(20)]

    assert answers == [HTTPStatus.TOO_MANY_REQUESTS] * 20
    assert counted(shared, tenant) == 13  # the refusals after the first were not sent


def test_a_limit_raised_within_the_window_serves_the_next_request(
    shared, settings, tenant, tenant_host
):
    plan(settings, 12)
    assert [health(tenant_host) for _ in range(13)][-1] == HTTPStatus.TOO_MANY_REQUESTS

    plan(settings, 100)  # a platform admin's override, or a bigger plan

    assert health(tenant_host) == HTTPStatus.OK
