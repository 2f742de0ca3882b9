"""Domain errors and their one mapping to HTTP.

Services raise these with a stable `code` and a message a user can act on; the API layer
turns them into JSON with the right status here, and nowhere else.
"""

from http import HTTPStatus

from django.core.exceptions import ValidationError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler


class DomainError(Exception):
    status = HTTPStatus.BAD_REQUEST
    code = "invalid"

    def __init__(self, message: str, *, code: str | None = None, fields: dict | None = None):
        super().__init__(message)
        self.message = message
        self.code = code or self.code
        self.fields = fields or {}

    @classmethod
    def from_validation_error(cls, error: ValidationError) -> "DomainError":
        fields = error.message_dict if hasattr(error, "error_dict") else {}
        return cls("The input is not valid.", code="invalid", fields=fields)


class Conflict(DomainError):
    status = HTTPStatus.CONFLICT
    code = "conflict"


class NotFound(DomainError):
    status = HTTPStatus.NOT_FOUND
    code = "not_found"


class Forbidden(DomainError):
    status = HTTPStatus.FORBIDDEN
    code = "forbidden"


def api_exception_handler(exc, context):
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
