"""Fair share between organizations (README "Fair share"): one organization's flood must
not take every worker, nor the database, from the others.

Two limits per organization, from its plan (ORGANIZATION_PLANS) unless it has an override:
- requests per minute, counted in the shared cache (Redis in production), so across every
  worker; a fixed window of one minute (a burst at a window's edge can reach twice the
  rate, a cost we take for one cache round trip per request);
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
from http import HTTPStatus

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


def counter_cache():
    return caches["throttle"]  # platform-wide, no schema in the key


def _window_key(organization_id: int, window: int) -> str:
    return f"fair-share:{organization_id}:{window}"


def counters_reset(*organizations: Organization) -> None:
    """Forget this window's and the next one's counts (for tests)."""
    window = int(time.time() // WINDOW_SECONDS)
    caches["throttle"].delete_many(
        [_window_key(org.pk, w) for org in organizations for w in (window, window + 1)]
    )


def _count(organization: Organization) -> tuple[int, int] | None:
    """This request counted in the organization's window: (count so far, seconds left in
    the window); None when the shared cache does not answer."""
    now = time.time()
    window = int(now // WINDOW_SECONDS)
    key = _window_key(organization.pk, window)
    cache = counter_cache()
    try:
        cache.add(key, 0, WINDOW_SECONDS + 1)
        count = cache.incr(key)
    except Exception as error:  # Redis's own errors, and a key that expired between the two
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
