"""The one place where errors become HTTP responses for the API."""

from django.core.exceptions import ValidationError
from django.db import OperationalError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler

from core.errors import DomainError, ServiceUnavailable

QUERY_CANCELED = "57014"


def api_exception_handler(exc, context):
    if isinstance(exc, OperationalError) and (
        getattr(exc.__cause__, "sqlstate", None) == QUERY_CANCELED
    ):
        exc = ServiceUnavailable(
            "The request took too long and was stopped; try again or narrow it down.",
            code="query_timeout",
        )
    if isinstance(exc, DomainError):
        body = {"detail": exc.message, "code": exc.code, **exc.fields}
        return Response(body, status=exc.status)
    if isinstance(exc, ValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    return exception_handler(exc, context)
