"""Throttles for the endpoints that guess at credentials (login, set-password, accept).

Counters live in the platform-wide "throttle" cache (no schema in the key), so moving from
one organization's domain to another does not reset them. Rates come from
LOGIN_THROTTLE_RATES at request time.
"""

import hashlib

from django.conf import settings
from django.core.cache import caches
from rest_framework.throttling import SimpleRateThrottle

from shared_apps.accounts.email_address import EmailAddressRefused, normalize_email_address


class _PlatformThrottle(SimpleRateThrottle):
    cache = caches["throttle"]

    def get_rate(self):
        return settings.LOGIN_THROTTLE_RATES[self.scope]


class LoginIPThrottle(_PlatformThrottle):
    scope = "login_ip"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class LoginEmailThrottle(_PlatformThrottle):
    scope = "login_email"

    def get_cache_key(self, request, view):
        email = request.data.get("email") if hasattr(request.data, "get") else None
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
