"""The one place where errors become HTTP responses for the API."""

from http import HTTPStatus

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError
from django.db import OperationalError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler

from core.errors import DomainError, ServiceUnavailable

QUERY_CANCELED = "57014"
RETRY_AFTER_SECONDS = "1"


def database_failure(exc: OperationalError) -> ServiceUnavailable:
    """Every OperationalError is the database failing us, not the request being wrong: a
    cancelled statement (the statement timeout), or a connection that was lost or refused
    (a failover, pg_terminate_backend). Django replaces a lost connection on the next
    request (CONN_HEALTH_CHECKS), so the client should retry."""
    if getattr(exc.__cause__, "sqlstate", None) == QUERY_CANCELED:
        return ServiceUnavailable(
            "The request took too long and was stopped; try again or narrow it down.",
            code="query_timeout",
        )
    return ServiceUnavailable(
        "The database is unavailable for a moment; nothing was changed. Try again.",
        code="database_unavailable",
    )


def api_exception_handler(exc, context):
    if isinstance(exc, OperationalError):
        exc = database_failure(exc)
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
