"""Middleware that keeps every answer of the API in JSON.

RequestLimitsMiddleware refuses requests no view should ever see:
- a NUL character in the path, the query string or a cookie. PostgreSQL text cannot hold
  one, so any of them reaching a query (a `<str:...>` path parameter, a filter, the session
  key) failed there with a DataError; refused here, no converter or filter has to care.
- a body over the upload limit. Django checks
DATA_UPLOAD_MAX_MEMORY_SIZE only where it reads a form body itself; DRF's JSON parser reads
the stream directly, so a 100 MB JSON body would be decoded in memory. This API takes no
file uploads, so the whole body is bounded here, by its Content-Length, before any view or
middleware reads it.
"""

from http import HTTPStatus

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from rest_framework.renderers import BrowsableAPIRenderer

from core.api.exceptions import body_too_large_message, error_response
from core.errors import DomainError, PayloadTooLarge

# Django's admin is the one HTML site served here; every other path belongs to the API.
HTML_PATHS = ("/admin/",)


def declared_body_size(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0  # Django reads no body for an unreadable Content-Length either


NUL = "\x00"


def carries_nul(request: HttpRequest) -> bool:
    query = request.META.get("QUERY_STRING", "")
    return (
        NUL in request.path_info
        or NUL in query
        or "%00" in query
        or any(NUL in value for value in request.COOKIES.values())
    )


class RequestLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if carries_nul(request):
            return error_response(
                DomainError(
                    "NUL characters are not accepted in a URL or a cookie.", code="nul_character"
                )
            )
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and declared_body_size(request) > limit:
            return error_response(PayloadTooLarge(body_too_large_message()))
        return self.get_response(request)


class JsonErrorsMiddleware:
    """Outermost: an error answer that is not JSON never leaves on an API path.

    With DEBUG on (`make run`), Django answers an exception with its technical page, which
    lists the settings and the environment (DATABASE_URL, REDIS_URL) and the URL patterns;
    the error handlers of the URLconfs are skipped. Here that page becomes the same JSON as
    without DEBUG (the traceback is still in the console log). The browsable API's own HTML
    pages, asked for by a browser, stay as they are: they show only the JSON answer; so do
    the error pages that the pages for people render themselves (core/pages.py).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code >= HTTPStatus.BAD_REQUEST
            and not response.get("Content-Type", "").startswith("application/json")
            and not isinstance(getattr(response, "accepted_renderer", None), BrowsableAPIRenderer)
            and not request.path_info.startswith(HTML_PATHS)
            and not getattr(response, "is_page", False)  # a page's own error page (core/pages.py)
        ):
            return json_error_for_status(response.status_code)
        return response


# The codes the error handlers and DRF give for these statuses.
CODES = {
    HTTPStatus.BAD_REQUEST: "bad_request",
    HTTPStatus.UNAUTHORIZED: "not_authenticated",
    HTTPStatus.FORBIDDEN: "forbidden",
    HTTPStatus.NOT_FOUND: "not_found",
    HTTPStatus.METHOD_NOT_ALLOWED: "method_not_allowed",
    HTTPStatus.REQUEST_ENTITY_TOO_LARGE: "request_too_large",
    HTTPStatus.INTERNAL_SERVER_ERROR: "server_error",
}


def json_error_for_status(status: int) -> JsonResponse:
    phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
    code = CODES.get(status) or phrase.lower().replace(" ", "_").replace("-", "_")
    return JsonResponse({"detail": f"{phrase}.", "code": code}, status=status)
