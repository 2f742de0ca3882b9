"""Domain errors: services raise these with a stable `code` and a message a user can act
on. `core.api.exceptions` maps them to JSON and the right status, in one place.
"""

from http import HTTPStatus


class DomainError(Exception):
    status = HTTPStatus.BAD_REQUEST
    code = "invalid"

    def __init__(self, message: str, *, code: str | None = None, fields: dict | None = None):
        super().__init__(message)
        self.message = message
        self.code = code or self.code
        self.fields = fields or {}


class Conflict(DomainError):
    status = HTTPStatus.CONFLICT
    code = "conflict"


class NotFound(DomainError):
    status = HTTPStatus.NOT_FOUND
    code = "not_found"


class Forbidden(DomainError):
    status = HTTPStatus.FORBIDDEN
    code = "forbidden"


class ServiceUnavailable(DomainError):
    """A dependency (a database tool, a backup) failed; nothing was changed."""

    status = HTTPStatus.SERVICE_UNAVAILABLE
    code = "unavailable"


class PayloadTooLarge(DomainError):
    status = HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    code = "request_too_large"


class ServerError(DomainError):
    """What the client is told of a bug: nothing about it (the log has the traceback)."""

    status = HTTPStatus.INTERNAL_SERVER_ERROR
    code = "server_error"
