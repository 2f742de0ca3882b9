"""One log line per request, and its id in the X-Request-ID response header.

The outermost middleware: it sees every request, static files and refusals included, and the
final status of each (after core.api.middleware turned an error into JSON). The id comes from
the proxy in front when TRUSTED_PROXY_REQUEST_ID says that proxy sets the header on every
request (otherwise a client could choose the id its requests are logged under), and only if
it is a plain token; else one is made.
"""

import logging
import re
import time

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from core.logs.context import LogContext, log_context, new_request_id

logger = logging.getLogger("tenantry.request")

HEADER = "X-Request-ID"
SERVER_ERROR = 500
# A UUID, nginx's $request_id, a load balancer's trace id: letters, digits and a little
# punctuation. Nothing that could split a header or a log line.
PLAIN_TOKEN = re.compile(r"[A-Za-z0-9._:;=/+-]{1,128}")


def request_id_from_proxy(request: HttpRequest) -> str | None:
    if not settings.TRUSTED_PROXY_REQUEST_ID:
        return None
    sent = request.META.get("HTTP_X_REQUEST_ID", "")
    return sent if PLAIN_TOKEN.fullmatch(sent) else None


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_from_proxy(request) or new_request_id()
        started = time.perf_counter()
        with log_context(LogContext(request_id=request_id, request=request)):
            response = self.get_response(request)
            response[HEADER] = request_id
            # Django logs an error answer again once every middleware has returned, outside
            # this request's context (no request id): this line stands for it. An exception
            # was logged where it was caught, with its traceback, inside the context.
            response._has_been_logged = True
            logger.log(
                logging.ERROR if response.status_code >= SERVER_ERROR else logging.INFO,
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "event": "request",
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
        return response
