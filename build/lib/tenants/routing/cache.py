"""Host -> organization, cached in each worker so that steady-state requests resolve their
tenant without a database query.

Entries live TENANT_ROUTING_CACHE_SECONDS and carry the version of a key in the shared
cache (Redis in production). Every service that changes a domain, a status, a name or a
schema's migration state calls `routing_changed()`: this worker forgets everything at once,
and the others notice the new version within VERSION_CHECK_SECONDS, since each worker reads
the version at most once a second (not once a request).
"""

import copy
import logging
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.db import transaction

from tenants.models import Domain, Organization

logger = logging.getLogger(__name__)
VERSION_KEY = "tenantry:routing-version"
VERSION_CHECK_SECONDS = 1.0


def organization_for_hostname(hostname: str) -> Organization | None:
    domain = Domain.objects.select_related("tenant").filter(domain=hostname).first()
    return domain.tenant if domain else None


def _shared_version() -> int | None:
    try:
        return caches["routing"].get(VERSION_KEY, 0)
    except Exception:  # the shared cache is down: stop caching rather than serve stale data
        logger.warning("Routing cache version unavailable; resolving hosts from the database.")
        return None


class HostCache:
    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self._clock = clock
        self._entries: OrderedDict[str, tuple[Organization | None, float, int]] = OrderedDict()
        self._lock = threading.Lock()
        self._version: int | None = None
        self._version_read_at = -math.inf

    def __len__(self) -> int:
        return len(self._entries)

    def _current_version(self, now: float) -> int | None:
        if self._version is None or now - self._version_read_at >= VERSION_CHECK_SECONDS:
            self._version, self._version_read_at = _shared_version(), now
        return self._version

    def resolve(self, hostname: str) -> Organization | None:
        """The organization served at `hostname` (a copy the caller may change), or None."""
        now = self._clock()
        version = self._current_version(now)
        with self._lock:
            entry = self._entries.get(hostname)
            if entry and version is not None and entry[1] > now and entry[2] == version:
                self._entries.move_to_end(hostname)
                return copy.copy(entry[0])
        organization = organization_for_hostname(hostname)
        ttl = settings.TENANT_ROUTING_CACHE_SECONDS
        if version is not None and ttl > 0:
            with self._lock:
                self._entries[hostname] = (organization, now + ttl, version)
                self._entries.move_to_end(hostname)
                while len(self._entries) > settings.TENANT_ROUTING_CACHE_SIZE:
                    self._entries.popitem(last=False)
        return copy.copy(organization)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._version = None


host_cache = HostCache()


def _bump_version() -> None:
    shared = caches["routing"]
    try:
        try:
            shared.incr(VERSION_KEY)
        except ValueError:  # not set yet
            shared.set(VERSION_KEY, 1, None)
    except Exception:
        logger.exception("Could not bump the routing cache version; other workers may lag.")


def routing_changed() -> None:
    """Call after changing a domain, an organization's status, name or migration state."""
    host_cache.clear()
    _bump_version()
    # Again after commit: another worker may have re-read the old row before it.
    transaction.on_commit(_bump_version)
