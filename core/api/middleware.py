"""The first middleware: refuses, in JSON, requests no view should ever see.

Django checks DATA_UPLOAD_MAX_MEMORY_SIZE only where it reads a form body itself; DRF's
JSON parser reads the stream directly, so a 100 MB JSON body would be decoded in memory.
This API takes no file uploads, so the whole body is bounded here, by its Content-Length,
before any view or middleware reads it.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from core.api.exceptions import body_too_large_message, error_response
from core.errors import PayloadTooLarge


def declared_body_size(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0  # Django reads no body for an unreadable Content-Length either


class RequestLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and declared_body_size(request) > limit:
            return error_response(PayloadTooLarge(body_too_large_message()))
        return self.get_response(request)
