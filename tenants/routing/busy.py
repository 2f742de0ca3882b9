"""Fair share when the server is busy (README "Fair share"). An organization's plan bounds its
rate whatever the load; on a server with no time to spare, even one organization within its
plan can make every other organization's requests wait behind its own. So while requests
wait in the server's queue, each worker process serves an organization at most
FAIR_SHARE_BUSY_FACTOR times the mean of the other organizations' requests it served in the
last RECENT_SECONDS; past that, a JSON 429 with Retry-After: 1, which costs a fraction of a
request. Refused requests are not counted: the organization keeps getting its share. Below
FAIR_SHARE_BUSY_FLOOR_PER_SECOND an organization is never refused by this rule: at a busy
spell's start the others' counts are small and uneven, and a quiet organization would be
refused by chance.

Busy is what the trusted proxy shows: it stamps each request as it passes it on
(`X-Request-Start: t=<seconds since the epoch>`, nginx's $msec; TRUSTED_PROXY_REQUEST_START),
and a request that waited longer than FAIR_SHARE_BUSY_QUEUE_MS before a thread took it
starts a busy spell of BUSY_HOLD_SECONDS in this process. Without that header (no proxy, or
one not trusted) the server is never busy by this rule: a client could claim it to have the
others refused.
"""

import math
import threading
import time
from collections import defaultdict, deque
from time import monotonic

from django.conf import settings
from django.http import HttpRequest

# The recent past each organization's share is counted over, per process.
RECENT_SECONDS = 5.0
# How long one long wait keeps the process busy: waits come and go between requests.
BUSY_HOLD_SECONDS = 1.0


def queue_wait(request: HttpRequest) -> float | None:
    """Seconds between the trusted proxy passing the request on and this thread taking it;
    None when there is no stamp to trust or it cannot be read."""
    if not settings.TRUSTED_PROXY_REQUEST_START:
        return None
    stamp = request.META.get("HTTP_X_REQUEST_START", "")
    if not stamp.startswith("t="):
        return None
    try:
        started = float(stamp[2:])
    except ValueError:
        return None
    return time.time() - started if math.isfinite(started) else None


class RecentRequests:
    """Requests this process served per organization over the last RECENT_SECONDS, and
    whether it is in a busy spell. One lock around each decision and its record, so that
    threads deciding together never let more than the share through."""

    def __init__(self):
        self._lock = threading.Lock()
        self.forget()

    def forget(self) -> None:
        with self._lock:
            self._served: deque[tuple[float, int]] = deque()  # (when, organization), oldest first
            self._counts: dict[int, int] = defaultdict(int)
            self._busy_until = -math.inf

    def counts(self) -> dict[int, int]:
        with self._lock:
            self._expire(monotonic())
            return dict(self._counts)

    def _expire(self, now: float) -> None:
        while self._served and self._served[0][0] <= now - RECENT_SECONDS:
            _, organization_id = self._served.popleft()
            self._counts[organization_id] -= 1
            if not self._counts[organization_id]:
                del self._counts[organization_id]

    def admit(self, organization_id: int, *, busy_now: bool) -> bool:
        """Whether to serve a request of `organization_id`, which found the server busy or
        not (`busy_now`); recorded when served."""
        with self._lock:
            now = monotonic()
            self._expire(now)
            if busy_now:
                self._busy_until = now + BUSY_HOLD_SECONDS
            if now < self._busy_until and self._over_share(organization_id):
                return False
            self._served.append((now, organization_id))
            self._counts[organization_id] += 1
            return True

    def _over_share(self, organization_id: int) -> bool:
        mine = self._counts.get(organization_id, 0)
        if mine < settings.FAIR_SHARE_BUSY_FLOOR_PER_SECOND * RECENT_SECONDS:
            return False  # a few requests are no flood, whatever the others' mean
        others = len(self._counts) - (1 if mine else 0)
        if not others:
            return False  # alone: there is no one to wait behind it
        others_mean = (len(self._served) - mine) / others
        return mine >= settings.FAIR_SHARE_BUSY_FACTOR * others_mean


recent = RecentRequests()


def admitted(request: HttpRequest, organization_id: int) -> bool:
    """Whether this request of `organization_id` is within its share (always, when the
    server is not busy)."""
    if not settings.TRUSTED_PROXY_REQUEST_START:
        return True  # never busy by this rule: no lock, no record on the hot path
    wait = queue_wait(request)
    busy_now = wait is not None and wait * 1000 > settings.FAIR_SHARE_BUSY_QUEUE_MS
    return recent.admit(organization_id, busy_now=busy_now)
