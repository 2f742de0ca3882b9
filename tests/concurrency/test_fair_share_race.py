"""Fair share counts then compares: requests of one organization released together must
never get past its limits between the count and the check. Twelve at once, each round:
exactly the plan's requests per minute are served (counted atomically in the shared cache),
and never more than its concurrent requests run at once in this process."""

import threading
from collections import Counter
from functools import partial

import pytest
from rest_framework.test import APIClient

from tenants.routing import fair_share
from tests.fixtures.races import run_together

pytestmark = pytest.mark.django_db
ROUNDS = 5
AT_ONCE = 12


@pytest.fixture
def plan(settings, tenant):
    settings.ORGANIZATION_PLANS = {"standard": {"requests_per_minute": 4, "concurrent_requests": 3}}
    yield
    fair_share.counters_reset(tenant)


def test_twelve_requests_at_once_get_exactly_the_rate_and_never_more_at_once(
    plan, tenant, tenant_host, monkeypatch
):
    running, most = [0], [0]
    lock = threading.Lock()
    original = fair_share.FairShareMiddleware.serve

    def counted_serve(self, request):
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        try:
            return original(self, request)
        finally:
            with lock:
                running[0] -= 1

    monkeypatch.setattr(fair_share.FairShareMiddleware, "serve", counted_serve)
    outcomes: Counter = Counter()
    for _ in range(ROUNDS):
        fair_share.counters_reset(tenant)
        client = APIClient(HTTP_HOST=tenant_host)
        answers = run_together(*(partial(client.get, "/api/v1/health/"),) * AT_ONCE)
        codes = Counter(
            answer.json().get("code", "ok") if answer.status_code != 200 else "ok"
            for answer in answers
        )
        outcomes.update(codes)
        assert codes["ok"] + codes["organization_busy"] == 4  # exactly the rate gets past it

    print(f"{ROUNDS} rounds of {AT_ONCE}:", dict(outcomes), "most at once:", most[0])
    assert most[0] <= 3
    assert set(outcomes) <= {"ok", "organization_rate_limited", "organization_busy"}
    assert outcomes["ok"] >= ROUNDS  # each round served some of them
