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
