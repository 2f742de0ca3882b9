"""Throttles for the endpoints that guess at credentials (login, set-password, accept).

Counters live in the platform-wide "throttle" cache (no schema in the key), so moving from
one organization's domain to another does not reset them. Rates come from
LOGIN_THROTTLE_RATES at request time. Django's own login forms (the browsable API's session
login, the admin's) count against the same counters through `login_form_throttled`, and the
pages for people through `throttle_wait` (shared_apps/accounts/pages/throttled.py).
"""

import hashlib
import logging
import math
from collections.abc import Callable
from functools import wraps
from http import HTTPStatus

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse, JsonResponse
from redis.exceptions import RedisError
from rest_framework.throttling import SimpleRateThrottle

from core.errors import ServiceUnavailable
from shared_apps.accounts.email_address import EmailAddressRefused, normalize_email_address

logger = logging.getLogger(__name__)


class ThrottleUnavailable(ServiceUnavailable):
    code = "throttle_unavailable"


class _PlatformThrottle(SimpleRateThrottle):
    cache = caches["throttle"]

    def get_rate(self):
        return settings.LOGIN_THROTTLE_RATES[self.scope]

    def allow_request(self, request, view) -> bool:
        # Fails closed: a guess that cannot be counted is not let through. Signed-in callers
        # (bearer tokens, sessions) are not throttled here and keep working meanwhile.
        try:
            return super().allow_request(request, view)
        except (RedisError, OSError) as error:  # the shared cache (Redis) does not answer
            logger.warning("Login throttle cache unavailable (%s): refusing the attempt.", error)
            raise ThrottleUnavailable(
                "Signing in is unavailable for a moment; try again shortly."
            ) from error


class LoginIPThrottle(_PlatformThrottle):
    scope = "login_ip"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class LoginEmailThrottle(_PlatformThrottle):
    """Counts per submitted email: a DRF request's JSON "email", or, in a form, the field
    the view authenticates with (`form_field`: "username" in Django's login forms). Only
    that field: counting another one would let a caller send a fresh address there while
    guessing at the real one."""

    scope = "login_email"

    def __init__(self, *, form_field: str = "username"):
        super().__init__()
        self.form_field = form_field

    def get_cache_key(self, request, view):
        email = _submitted_email(request, self.form_field)
        if not isinstance(email, str) or not email.strip():
            return None  # nothing to count; the IP throttle still applies
        # Keyed by the address login looks up, so every spelling that can reach an account
        # shares that account's counter. An address that cannot be stored reaches no
        # account; it is counted under its own text.
        try:
            counted = normalize_email_address(email)
        except EmailAddressRefused:
            counted = email.strip()
        # A digest: the email is the caller's text, of any length and with any characters,
        # and cache keys must stay short and plain (memcached takes 250 ASCII bytes).
        digest = hashlib.sha256(counted.encode()).hexdigest()
        return self.cache_format % {"scope": self.scope, "ident": digest}


def _submitted_email(request, form_field: str) -> object:
    data = getattr(request, "data", None)  # a DRF request: the JSON body's "email"
    if data is None:
        return request.POST.get(form_field)  # a form
    return data.get("email") if hasattr(data, "get") else None


def throttle_wait(request: HttpRequest, *throttles: SimpleRateThrottle) -> int | None:
    """Count this request against each of `throttles`; the seconds to wait when one of them
    is used up, else None."""
    for throttle in throttles:
        if not throttle.allow_request(request, None):
            return math.ceil(throttle.wait() or 1)
    return None


def too_many_attempts(wait: int) -> str:
    return f"Too many attempts; try again in {wait} seconds."


def login_form_throttled(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Wrap a Django login view: each POST counts against the login throttles, and once one
    is used up the answer is the API's JSON 429 instead of another guess."""

    @wraps(view)
    def throttled(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method == "POST":
            wait = throttle_wait(request, LoginIPThrottle(), LoginEmailThrottle())
            if wait is not None:
                response = JsonResponse(
                    {"detail": too_many_attempts(wait), "code": "throttled"},
                    status=HTTPStatus.TOO_MANY_REQUESTS,
                )
                response["Retry-After"] = str(wait)
                return response
        return view(request, *args, **kwargs)

    return throttled
