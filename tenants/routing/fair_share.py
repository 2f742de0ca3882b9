"""Fair share between organizations (README "Fair share"): one organization's flood must
not take every worker, nor the database, from the others.

Two limits per organization, from its plan (ORGANIZATION_PLANS) unless it has an override:
- requests per minute, counted in Redis (REDIS_URL; the local cache without it), so
  across every worker; a fixed window of one minute (a burst at a window's edge can reach
  twice the rate, a cost we take for one round trip per request: INCR and EXPIRE in one
  pipeline);
- concurrent requests in this worker process: a flood beyond it is answered at once instead
  of holding threads that other organizations' requests need.
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
from tenants.routing.middleware import error_response

logger = logging.getLogger(__name__)
WINDOW_SECONDS = 60


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
    """Redis itself (REDIS_URL), for one round trip per request: Django's cache API would
    take three (add, then exists and incr). None without Redis: the local cache counts."""
    if not settings.REDIS_URL:
        return None
    # A Redis that hangs must not hang requests: after 2 s the request goes uncounted.
    return redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2)


def _window_key(organization_id: int, window: int) -> str:
    return f"tenantry:fair-share:{organization_id}:{window}"


def counters_reset(*organizations: Organization) -> None:
    """Forget this window's and the next one's counts (for tests)."""
    window = int(time.time() // WINDOW_SECONDS)
    keys = [_window_key(org.pk, w) for org in organizations for w in (window, window + 1)]
    client = counter_client()
    if client is not None:
        client.delete(*keys)
    else:
        caches["throttle"].delete_many(keys)


def _incremented(key: str) -> int:
    client = counter_client()
    if client is None:
        local = caches["throttle"]
        local.add(key, 0, WINDOW_SECONDS + 1)
        return local.incr(key)
    pipeline = client.pipeline(transaction=False)
    pipeline.incr(key)
    pipeline.expire(key, WINDOW_SECONDS + 1)
    count, _ = pipeline.execute()
    return count


def _count(organization: Organization) -> tuple[int, int] | None:
    """This request counted in the organization's window: (count so far, seconds left in
    the window); None when the shared cache does not answer."""
    now = time.time()
    window = int(now // WINDOW_SECONDS)
    try:
        count = _incremented(_window_key(organization.pk, window))
    except Exception as error:  # Redis's own errors; a local key that expired meanwhile
        logger.warning("Fair share: requests of %s not counted (%s).", organization.slug, error)
        return None
    return count, max(1, int((window + 1) * WINDOW_SECONDS - now) + 1)


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
        counted = _count(organization)
        if counted is not None and counted[0] > per_minute:
            return _too_many(
                "organization_rate_limited",
                f"This organization has made more than {per_minute} requests this minute; "
                "try again after Retry-After seconds.",
                counted[1],
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
