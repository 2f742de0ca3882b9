"""Fair share between organizations (README "Fair share"): one organization's flood must
not take every worker, nor the database, from the others.

Two limits per organization, from its plan (ORGANIZATION_PLANS) unless it has an override:
- requests per minute, counted in Redis (REDIS_URL; the local cache without it), so
  across every worker, in fixed windows of FAIR_SHARE_WINDOW_SECONDS (10 by default), each
  allowing its part of the minute's requests (at least one): a one-minute window let an
  organization spend its whole minute in seconds, saturating the server. A burst at a
  window's edge can reach twice the rate. Far below the limit a process adds its requests
  to Redis COUNT_BATCH at a time (one round trip per batch, INCRBY and EXPIRE in one
  pipeline), and every request near it: the limit is exact within a process, and each
  other process can let at most COUNT_BATCH - 1 requests past it before its next batch
  shows them;
- concurrent requests in this worker process: a flood beyond it is answered at once instead
  of holding threads that other organizations' requests need;
and, while the server is busy, a share of its recent requests (tenants/routing/busy.py).
Past either: a JSON 429 with Retry-After. The platform's own domain is not limited. When the
shared cache does not answer, requests are served uncounted (logged): fairness must not
take the service down with the cache.
"""

import logging
import threading
import time
from collections import defaultdict
from functools import cache
from http import HTTPStatus

import redis
from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse

from tenants.models import Organization
from tenants.routing import busy
from tenants.routing.middleware import error_response

logger = logging.getLogger(__name__)
# Far below its limit, an organization's requests are added to Redis this many at a time.
COUNT_BATCH = 10


def limits_for(organization: Organization) -> tuple[int, int]:
    """(requests per minute, concurrent requests) in force for `organization`."""
    plan = (
        settings.ORGANIZATION_PLANS.get(organization.plan)
        or settings.ORGANIZATION_PLANS["standard"]
    )
    return (
        organization.requests_per_minute or plan["requests_per_minute"],
        organization.concurrent_requests or plan["concurrent_requests"],
    )


@cache
def counter_client() -> redis.Redis | None:
    """Redis itself (REDIS_URL), for one round trip per count (a batch far below the limit,
    each request near it): Django's cache API would take three (add, then exists and incr).
    None without Redis: the local cache counts."""
    if not settings.REDIS_URL:
        return None
    # A Redis that hangs must not hang requests: after 2 s the request goes uncounted.
    return redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2)


def window_seconds() -> int:
    return settings.FAIR_SHARE_WINDOW_SECONDS


def per_window(per_minute: int) -> int:
    """The requests one window allows at a rate of `per_minute`."""
    return max(1, per_minute * window_seconds() // 60)


def _window_key(organization_id: int, window: int) -> str:
    return f"tenantry:fair-share:{organization_id}:{window}"


def now() -> float:
    return time.time()


def counters_reset(*organizations: Organization) -> None:
    """Forget this window's and the next one's counts (for tests)."""
    window = int(now() // window_seconds())
    keys = [_window_key(org.pk, w) for org in organizations for w in (window, window + 1)]
    held_counts.forget(*(org.pk for org in organizations))
    client = counter_client()
    if client is not None:
        client.delete(*keys)
    else:
        caches["throttle"].delete_many(keys)


def _added(key: str, amount: int) -> int:
    """Add `amount` requests to the count under `key`; the count now."""
    client = counter_client()
    if client is None:
        local = caches["throttle"]
        local.add(key, 0, window_seconds() + 1)
        return local.incr(key, amount)
    pipeline = client.pipeline(transaction=False)
    pipeline.incrby(key, amount)
    pipeline.expire(key, window_seconds() + 1)
    count, _ = pipeline.execute()
    return count


class _HeldCounts:
    """Requests this process has counted but not yet added to the shared count in Redis,
    and the shared count it saw last, per organization and window. Far below the limit a
    request is only counted here; every COUNT_BATCH-th, and every one near the limit, adds
    what is held to Redis in the same round trip. So a process never lets more than
    COUNT_BATCH - 1 requests go unseen by the others, and none near the limit. Once the
    shared count it saw is past the limit, the rest of the window is refused here."""

    def __init__(self):
        self._lock = threading.Lock()
        self._state: dict[int, list[int]] = {}  # organization: [window, seen, held]

    def take(self, organization_id: int, window: int, allowed: int) -> tuple[int, int]:
        """(requests to add to Redis now, or 0; the count as estimated here)."""
        with self._lock:
            state = self._state.get(organization_id)
            if state is None or state[0] != window:
                state = self._state[organization_id] = [window, 0, 0]
            _, seen, held = state
            if seen > allowed:
                # Refused until the window ends, the count can only grow: a flood's 429s are
                # answered from here, sending nothing (the round trip was their largest cost).
                return 0, seen + 1
            estimate = seen + held + 1
            if held + 1 < COUNT_BATCH and estimate <= allowed - COUNT_BATCH:
                state[2] = held + 1
                return 0, estimate
            state[2] = 0
            return held + 1, estimate

    def seen(self, organization_id: int, window: int, count: int) -> None:
        with self._lock:
            state = self._state.get(organization_id)
            if state is not None and state[0] == window:
                state[1] = max(state[1], count)

    def forget(self, *organization_ids: int) -> None:
        with self._lock:
            for organization_id in organization_ids:
                self._state.pop(organization_id, None)


held_counts = _HeldCounts()


def _count(organization: Organization, allowed: int) -> tuple[int, int] | None:
    """This request counted in the organization's window: (count so far, seconds left in
    the window); None when the shared cache does not answer. Without Redis (the local
    cache, one process) every request is counted where it is: there is no round trip to
    save."""
    moment, seconds = now(), window_seconds()
    window = int(moment // seconds)
    left = max(1, int((window + 1) * seconds - moment) + 1)
    amount = 1
    if counter_client() is not None:
        amount, estimate = held_counts.take(organization.pk, window, allowed)
        if not amount:
            return estimate, left
    try:
        count = _added(_window_key(organization.pk, window), amount)
    except Exception as error:  # Redis's own errors; a local key that expired meanwhile
        logger.warning("Fair share: requests of %s not counted (%s).", organization.slug, error)
        return None
    held_counts.seen(organization.pk, window, count)
    return count, left


class _InFlight:
    """Requests of each organization being served by this process."""

    def __init__(self):
        self._lock = threading.Lock()
        self._counts: dict[int, int] = defaultdict(int)

    def enter(self, organization_id: int, cap: int) -> bool:
        with self._lock:
            if self._counts[organization_id] >= cap:
                return False
            self._counts[organization_id] += 1
            return True

    def leave(self, organization_id: int) -> None:
        with self._lock:
            self._counts[organization_id] -= 1
            if not self._counts[organization_id]:
                del self._counts[organization_id]


in_flight = _InFlight()


def _too_many(code: str, message: str, retry_after: int) -> HttpResponse:
    response = error_response(HTTPStatus.TOO_MANY_REQUESTS, code, message)
    response["Retry-After"] = str(retry_after)
    return response


class FairShareMiddleware:
    """After the routing middleware: it knows the organization."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        organization = getattr(request, "organization", None)
        if organization is None:
            return self.get_response(request)
        per_minute, concurrent = limits_for(organization)
        allowed = per_window(per_minute)
        counted = _count(organization, allowed)
        if counted is not None and counted[0] > allowed:
            return _too_many(
                "organization_rate_limited",
                f"This organization has made more than {allowed} requests in "
                f"{window_seconds()} seconds (its rate: {per_minute} a minute); "
                "try again after Retry-After seconds.",
                counted[1],
            )
        if not busy.admitted(request, organization.pk):
            return _too_many(
                "organization_over_share",
                "This server is busy and this organization has sent more than its share of "
                "its recent requests; try again after Retry-After seconds.",
                1,
            )
        if not in_flight.enter(organization.pk, concurrent):
            return _too_many(
                "organization_busy",
                f"This organization already has {concurrent} requests in progress here; "
                "try again in a second.",
                1,
            )
        try:
            return self.serve(request)
        finally:
            in_flight.leave(organization.pk)

    def serve(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)
