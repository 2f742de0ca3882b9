"""Fair share when the server is busy (README "Fair share"): while requests wait in the
server's queue longer than FAIR_SHARE_BUSY_QUEUE_MS (as the trusted proxy's X-Request-Start
shows), an organization that sent more than FAIR_SHARE_BUSY_FACTOR times the others' mean in
the last seconds is answered a JSON 429 with Retry-After, so that the others' requests do
not queue behind its share. An organization within its plan is otherwise served."""

import threading
import time
from http import HTTPStatus

import pytest
from rest_framework.test import APIClient

from tenants.routing import busy, fair_share

pytestmark = pytest.mark.django_db
HEALTH = "/api/v1/health/"
WAITED = 0.5  # seconds a request waited behind others: far past the threshold


@pytest.fixture(autouse=True)
def busy_rule(settings, tenant, second_tenant):
    settings.TRUSTED_PROXY_REQUEST_START = True
    settings.FAIR_SHARE_BUSY_QUEUE_MS = 50
    settings.FAIR_SHARE_BUSY_FACTOR = 2
    settings.FAIR_SHARE_BUSY_FLOOR_PER_SECOND = 0  # small counts: each test sets its own
    settings.ORGANIZATION_PLANS = {
        "standard": {"requests_per_minute": 10_000, "concurrent_requests": 5},
    }
    fair_share.counters_reset(tenant, second_tenant)
    busy.recent.forget()
    yield
    busy.recent.forget()
    fair_share.counters_reset(tenant, second_tenant)


def health(host: str, *, waited: float | None = 0.0):
    """A request as the proxy passes it on, having waited `waited` seconds since."""
    headers = {}
    if waited is not None:
        headers["HTTP_X_REQUEST_START"] = f"t={time.time() - waited:.3f}"
    return APIClient(HTTP_HOST=host).get(HEALTH, **headers)


def statuses(host: str, count: int, *, waited: float) -> list[int]:
    return [health(host, waited=waited).status_code for _ in range(count)]


def test_while_requests_wait_an_organization_past_twice_the_others_gets_a_json_429(
    tenant_host, second_tenant_host
):
    assert statuses(second_tenant_host, 2, waited=0) == [200, 200]
    # Quiet: its 4 requests pass, 2x the other's 2, without waiting.
    assert statuses(tenant_host, 4, waited=0) == [200] * 4

    refused = health(tenant_host, waited=WAITED)

    assert refused.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert refused.json()["code"] == "organization_over_share"
    assert refused["Retry-After"] == "1"
    # The other, below its share, is served while the server is busy.
    assert health(second_tenant_host, waited=WAITED).status_code == HTTPStatus.OK


@pytest.fixture
def clock(monkeypatch) -> list[float]:
    """The busy rule's clock, moved by the test: clock[0] += seconds."""
    now = [1000.0]
    monkeypatch.setattr(busy, "monotonic", lambda: now[0])
    return now


def test_once_the_queue_is_short_again_and_the_busy_spell_over_it_is_served(
    tenant_host, second_tenant_host, clock
):
    statuses(second_tenant_host, 2, waited=0)
    statuses(tenant_host, 4, waited=0)
    assert health(tenant_host, waited=WAITED).status_code == HTTPStatus.TOO_MANY_REQUESTS

    clock[0] += busy.BUSY_HOLD_SECONDS / 2
    # Still within the spell: a short wait does not end it at once.
    assert health(tenant_host, waited=0).status_code == HTTPStatus.TOO_MANY_REQUESTS
    clock[0] += busy.BUSY_HOLD_SECONDS
    assert health(tenant_host, waited=0).status_code == HTTPStatus.OK


def test_refused_requests_are_not_its_share_so_it_gets_requests_through_at_its_share(
    tenant_host, second_tenant_host, clock
):
    statuses(second_tenant_host, 3, waited=0)
    statuses(tenant_host, 6, waited=0)
    assert statuses(tenant_host, 5, waited=WAITED) == [429] * 5
    # Its first requests leave the recent past: it is below twice the other's again.
    clock[0] += busy.RECENT_SECONDS + 0.1
    statuses(second_tenant_host, 3, waited=WAITED)
    assert statuses(tenant_host, 7, waited=WAITED) == [200] * 6 + [429]


def test_an_organization_below_the_floor_is_never_refused_for_it(
    settings, tenant_host, second_tenant_host
):
    # A few requests at a busy spell's start are no flood: the others' mean is then small
    # and uneven, and a quiet organization would be refused by chance.
    settings.FAIR_SHARE_BUSY_FLOOR_PER_SECOND = 6 / busy.RECENT_SECONDS  # 6 requests
    statuses(second_tenant_host, 1, waited=0)
    statuses(tenant_host, 2, waited=0)

    assert statuses(tenant_host, 5, waited=WAITED) == [200, 200, 200, 200, 429]


def test_an_organization_alone_on_a_busy_server_is_served(tenant_host):
    assert set(statuses(tenant_host, 10, waited=WAITED)) == {HTTPStatus.OK}


def test_a_short_wait_never_refuses(tenant_host, second_tenant_host):
    statuses(second_tenant_host, 1, waited=0)
    assert set(statuses(tenant_host, 10, waited=0.01)) == {HTTPStatus.OK}


@pytest.mark.parametrize("header", ["", "t=", "t=soon", "1700000000", "t=nan", "t=inf"])
def test_an_unreadable_header_is_no_wait(tenant_host, second_tenant_host, header):
    statuses(second_tenant_host, 1, waited=0)
    statuses(tenant_host, 5, waited=0)
    response = APIClient(HTTP_HOST=tenant_host).get(HEALTH, HTTP_X_REQUEST_START=header)
    assert response.status_code == HTTPStatus.OK


def test_without_a_trusted_proxy_the_header_is_ignored(settings, tenant_host, second_tenant_host):
    # A client could otherwise claim the server is busy to have others refused.
    settings.TRUSTED_PROXY_REQUEST_START = False
    statuses(second_tenant_host, 1, waited=0)
    statuses(tenant_host, 5, waited=0)
    assert health(tenant_host, waited=WAITED).status_code == HTTPStatus.OK


def test_the_platforms_own_domain_is_never_refused_for_it(root_host):
    answers = [health(root_host, waited=WAITED).status_code for _ in range(10)]
    assert set(answers) == {HTTPStatus.OK}


def released_together(work, threads: int) -> None:
    """`work(index)` on `threads` threads released at once by a barrier (memory only: no
    database connection is needed)."""
    barrier = threading.Barrier(threads)

    def run(index: int) -> None:
        barrier.wait(timeout=30)
        work(index)

    started = [threading.Thread(target=run, args=(index,)) for index in range(threads)]
    for thread in started:
        thread.start()
    for thread in started:
        thread.join()


def test_requests_recorded_together_are_all_counted():
    """The rule reads the recent counts and then records the request: threads released
    together must neither lose a record nor see a half-made one."""
    rounds, threads, each = 20, 8, 25
    for _ in range(rounds):
        busy.recent.forget()

        def record(index: int) -> None:
            for _ in range(each):
                busy.recent.admit(index % 2 + 1, busy_now=False)

        released_together(record, threads)
        assert busy.recent.counts() == {1: threads // 2 * each, 2: threads // 2 * each}


def admitted_of_a_flood(*, threads: int, each: int) -> int:
    """Requests of organization 1 admitted on a busy server, `threads` deciding together."""
    admitted = []

    def flood(_index: int) -> None:
        for _ in range(each):
            if busy.recent.admit(1, busy_now=True):
                admitted.append(1)  # list.append is atomic

    released_together(flood, threads)
    return len(admitted)


def test_threads_deciding_together_never_let_more_than_the_share_through(settings):
    settings.FAIR_SHARE_BUSY_FACTOR = 2
    for _ in range(20):
        busy.recent.forget()
        for _ in range(4):
            busy.recent.admit(2, busy_now=False)
        # Up to 2x the other's 4, then nothing, however many decide at once.
        assert admitted_of_a_flood(threads=8, each=20) == 8
