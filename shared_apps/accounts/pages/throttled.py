"""The pages count against the same throttles as the API endpoints they stand beside (login,
set-password, accept); a refusal is a page, with the API's message and Retry-After."""

from http import HTTPStatus

from django.http import HttpRequest, HttpResponse
from rest_framework.throttling import SimpleRateThrottle

from core.pages import page
from shared_apps.accounts.throttling import throttle_wait, too_many_attempts


def page_throttled(request: HttpRequest, *throttles: SimpleRateThrottle) -> HttpResponse | None:
    """Count this request against `throttles`; a 429 page when one is used up, else None."""
    wait = throttle_wait(request, *throttles)
    if wait is None:
        return None
    response = page(
        request,
        "accounts/throttled.html",
        {"message": too_many_attempts(wait)},
        status=HTTPStatus.TOO_MANY_REQUESTS,
    )
    response["Retry-After"] = str(wait)
    return response
