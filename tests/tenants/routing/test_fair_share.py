"""Fair share between organizations (README "Fair share"): each organization's requests are
counted per minute in the shared cache, and each worker process serves at most so many of
one organization's requests at once. Past either limit that organization gets a JSON 429
with Retry-After; the others are served as before. Limits come from the organization's plan
(ORGANIZATION_PLANS) unless a platform admin set an override on the organization."""

import socket
import threading
import time
from http import HTTPStatus

import pytest
import redis
from rest_framework.test import APIClient

from tenants.routing import fair_share
from tenants.services.limits import organization_limits_set
from tests.fixtures.mail import closed_port

pytestmark = pytest.mark.django_db
HEALTH = "/api/v1/health/"


@pytest.fixture
def small_plan(settings, tenant, second_tenant):
    settings.ORGANIZATION_PLANS = {
        "standard": {"requests_per_minute": 3, "concurrent_requests": 1},
        "large": {"requests_per_minute": 5, "concurrent_requests": 2},
    }
    fair_share.counters_reset(tenant, second_tenant)  # this minute's counts of earlier tests
    yield
    fair_share.counters_reset(tenant, second_tenant)


def health(host: str):
    return APIClient(HTTP_HOST=host).get(HEALTH)


@pytest.mark.usefixtures("small_plan")
def test_requests_past_the_plans_rate_get_a_json_429_and_others_are_served(
    tenant_host, second_tenant_host
):
    answers = [health(tenant_host).status_code for _ in range(4)]
    refused = health(tenant_host)

    assert answers == [200, 200, 200, 429]
    assert refused.json()["code"] == "organization_rate_limited"
    assert 0 < int(refused["Retry-After"]) <= 60
    assert health(second_tenant_host).status_code == HTTPStatus.OK


@pytest.mark.usefixtures("small_plan")
def test_an_override_on_the_organization_beats_its_plan(tenant, tenant_host):
    organization_limits_set(organization=tenant, plan="large", requests_per_minute=4)

    answers = [health(tenant_host).status_code for _ in range(5)]

    assert answers == [200, 200, 200, 200, 429]


@pytest.mark.usefixtures("small_plan")
def test_the_platforms_own_domain_is_not_counted(root_host):
    assert {health(root_host).status_code for _ in range(5)} == {HTTPStatus.OK}


@pytest.mark.usefixtures("small_plan")
def test_one_worker_serves_at_most_the_plans_concurrent_requests_of_an_organization(
    tenant_host, second_tenant_host, monkeypatch
):
    entered, release = threading.Event(), threading.Event()
    original = fair_share.FairShareMiddleware.serve

    def slow_serve(self, request):
        if request.path == "/api/v1/hold/":
            entered.set()
            release.wait(10)
        return original(self, request)

    monkeypatch.setattr(fair_share.FairShareMiddleware, "serve", slow_serve)
    holder = threading.Thread(target=lambda: APIClient(HTTP_HOST=tenant_host).get("/api/v1/hold/"))
    holder.start()
    try:
        assert entered.wait(10)
        busy = health(tenant_host)
        other = health(second_tenant_host)
    finally:
        release.set()
        holder.join()

    assert busy.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert busy.json()["code"] == "organization_busy"
    assert busy["Retry-After"] == "1"
    assert other.status_code == HTTPStatus.OK
    assert health(tenant_host).status_code == HTTPStatus.OK  # its slot was given back


@pytest.mark.usefixtures("small_plan")
def test_requests_are_served_when_the_shared_cache_does_not_answer(tenant_host, monkeypatch):
    unreachable = redis.Redis.from_url(f"redis://127.0.0.1:{closed_port()}/0")
    monkeypatch.setattr(fair_share, "counter_client", lambda: unreachable)

    answers = {health(tenant_host).status_code for _ in range(5)}
    monkeypatch.undo()  # before the fixture's reset of the counters, which needs Redis

    assert answers == {HTTPStatus.OK}


@pytest.mark.usefixtures("small_plan")
def test_a_redis_that_never_answers_holds_a_request_two_seconds_at_most(tenant_host, settings):
    served_by = settings.REDIS_URL
    with socket.socket() as silent:  # accepts the connection, never says a word
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        host, port = silent.getsockname()
        settings.REDIS_URL = f"redis://{host}:{port}/0"
        fair_share.counter_client.cache_clear()
        try:
            started = time.monotonic()
            answer = health(tenant_host)
            took = time.monotonic() - started
        finally:
            settings.REDIS_URL = served_by
            fair_share.counter_client.cache_clear()

    assert answer.status_code == HTTPStatus.OK
    assert took < 3
