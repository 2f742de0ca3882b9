"""The one place where errors become HTTP responses for the API."""

import logging
from http import HTTPStatus

from django.conf import settings
from django.core.exceptions import (
    BadRequest,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
    ValidationError,
)
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import OperationalError
from django.http import Http404, JsonResponse
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler

from core.db.cursor import SEARCH_PATH_MISMATCH
from core.errors import DomainError, PayloadTooLarge, ServiceUnavailable

QUERY_CANCELED = "57014"
RETRY_AFTER_SECONDS = "1"


def database_failure(exc: OperationalError) -> ServiceUnavailable:
    """Every OperationalError is the database failing us, not the request being wrong: a
    cancelled statement (the statement timeout), or a connection that was lost or refused
    (a failover, pg_terminate_backend). Django replaces a lost connection on the next
    request (CONN_HEALTH_CHECKS), so the client should retry."""
    sqlstate = getattr(exc.__cause__, "sqlstate", None)
    if sqlstate == SEARCH_PATH_MISMATCH:  # logged where it was caught (core/db/cursor.py)
        return ServiceUnavailable(
            "The database connection was not in this organization's schema; nothing was "
            "read or changed. Try again.",
            code="search_path_mismatch",
        )
    if sqlstate == QUERY_CANCELED:
        return ServiceUnavailable(
            "The request took too long and was stopped; try again or narrow it down.",
            code="query_timeout",
        )
    return ServiceUnavailable(
        "The database is unavailable for a moment; nothing was changed. Try again.",
        code="database_unavailable",
    )


def request_refusal(exc: SuspiciousOperation | BadRequest) -> DomainError:
    """Django's refusals of a request (raised while it reads the body, the form fields, the
    Host...) as domain errors, so they are answered in our JSON like any other."""
    if isinstance(exc, SuspiciousOperation):
        # What Django's own handler does for these: a line in its security log.
        logging.getLogger(f"django.security.{exc.__class__.__name__}").warning(str(exc))
    if isinstance(exc, RequestDataTooBig):
        return PayloadTooLarge(body_too_large_message())
    if isinstance(exc, (TooManyFieldsSent, TooManyFilesSent)):
        return DomainError(str(exc), code="too_many_fields")
    return DomainError("The request is not valid.", code="bad_request")


def body_too_large_message() -> str:
    return f"Send at most {settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes in a request body."


def error_response(error: DomainError) -> JsonResponse:
    """The JSON answer of a domain error, for Django views and middleware (outside DRF)."""
    response = JsonResponse({"detail": error.message, "code": error.code}, status=error.status)
    if error.status == HTTPStatus.SERVICE_UNAVAILABLE:
        response["Retry-After"] = RETRY_AFTER_SECONDS
    return response


def api_exception_handler(exc, context):
    if isinstance(exc, OperationalError):
        exc = database_failure(exc)
    if isinstance(exc, (SuspiciousOperation, BadRequest)):
        exc = request_refusal(exc)
    if isinstance(exc, DomainError):
        body = {"detail": exc.message, "code": exc.code, **exc.fields}
        response = Response(body, status=exc.status)
        if exc.status == HTTPStatus.SERVICE_UNAVAILABLE:
            response["Retry-After"] = RETRY_AFTER_SECONDS
        return response
    if isinstance(exc, ValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is not None and not isinstance(exc.detail, dict):
        response.data = detail_and_code(exc)
    return response


def detail_and_code(exc: exceptions.APIException) -> dict:
    """DRF answers `{"detail": ...}` or a bare list; every error of ours carries a `code`.
    Field errors (a dict) keep DRF's shape: each field names its own problem."""
    if isinstance(exc.detail, list):
        messages = [str(message) for message in exc.detail]
        codes = exc.get_codes()
        return {"detail": " ".join(messages), "code": codes[0] if codes else "invalid"}
    return {"detail": str(exc.detail), "code": exc.detail.code}
