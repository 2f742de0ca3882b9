"""Fair share's counting window (FAIR_SHARE_WINDOW_SECONDS): a plan's rate is per minute,
but it is counted in shorter windows, each allowing its part of the minute's requests. A
one-minute window lets an organization spend its whole minute in a few seconds, which is
what saturates a server (BENCHMARKS.md "Fair share under saturation"); a shorter one keeps
its requests near its rate."""

import pytest
from rest_framework.test import APIClient

from tenants.routing import fair_share

pytestmark = pytest.mark.django_db
WINDOW_START = 10 * 100_000_000.0  # a fixed moment at the start of a ten-second window


@pytest.fixture
def ten_second_windows(settings, tenant, monkeypatch):
    settings.FAIR_SHARE_WINDOW_SECONDS = 10
    settings.ORGANIZATION_PLANS = {
        "standard": {"requests_per_minute": 18, "concurrent_requests": 5}
    }
    monkeypatch.setattr(fair_share, "now", lambda: WINDOW_START)
    fair_share.counters_reset(tenant)
    yield
    fair_share.counters_reset(tenant)


def health(host: str):
    return APIClient(HTTP_HOST=host).get("/api/v1/health/")


@pytest.mark.usefixtures("ten_second_windows")
def test_a_window_allows_its_part_of_the_minutes_requests(tenant_host):
    answers = [health(tenant_host).status_code for _ in range(3)]
    refused = health(tenant_host)

    assert answers == [200, 200, 200]  # 18 a minute: 3 in ten seconds
    assert refused.status_code == 429
    assert refused.json()["code"] == "organization_rate_limited"
    assert "3 requests in 10 seconds" in refused.json()["detail"]
    assert 0 < int(refused["Retry-After"]) <= 11


@pytest.mark.usefixtures("ten_second_windows")
def test_the_next_window_serves_again(tenant_host, monkeypatch):
    for _ in range(3):
        health(tenant_host)
    assert health(tenant_host).status_code == 429
    monkeypatch.setattr(fair_share, "now", lambda: WINDOW_START + 10)

    assert health(tenant_host).status_code == 200


@pytest.mark.usefixtures("ten_second_windows")
def test_a_window_allows_at_least_one_request(settings, tenant_host):
    settings.ORGANIZATION_PLANS = {"standard": {"requests_per_minute": 2, "concurrent_requests": 5}}

    assert [health(tenant_host).status_code for _ in range(2)] == [200, 429]
