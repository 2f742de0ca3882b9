"""What the code is serving right now, for the log lines written meanwhile.

A context variable: each gunicorn thread serves one request at a time and sees only its own.
The request is kept, not copied: the routing middleware names the organization and the
authentication the user after the request began, and a line written later names them.
"""

import contextlib
import uuid
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.utils.functional import LazyObject, empty


@dataclass
class JobRun:
    """A job being run: filled in as it goes (its organization once it is admitted, its
    outcome at the end)."""

    task: str
    job_id: int | None
    organization: str | None = None  # the slug
    outcome: str = "skipped"


@dataclass(frozen=True)
class LogContext:
    request_id: str
    request: Any = None  # the HttpRequest being served
    command: str | None = None  # the management command being run
    job: JobRun | None = None  # the job being run


def current_context() -> "LogContext | None":
    return _current.get()


_current: ContextVar[LogContext | None] = ContextVar("log_context", default=None)


def new_request_id() -> str:
    return uuid.uuid4().hex


@contextlib.contextmanager
def log_context(context: LogContext) -> Iterator[LogContext]:
    token = _current.set(context)
    try:
        yield context
    finally:
        _current.reset(token)


def context_fields() -> dict[str, Any]:
    """The fields every line carries (None outside a request, a command or a job), and the
    method and path inside a request, the command's name inside a run, the job's name, row
    and organization inside a job."""
    context = _current.get()
    if context is None:
        return {"request_id": None, "organization": None, "user_id": None}
    fields = {"request_id": context.request_id, "organization": None, "user_id": None}
    if context.command is not None:
        fields["command"] = context.command
    if context.job is not None:
        fields.update(
            job=context.job.task, job_id=context.job.job_id, organization=context.job.organization
        )
    request = context.request
    if request is not None:
        organization = getattr(request, "organization", None)  # set by the routing middleware
        fields.update(
            organization=getattr(organization, "slug", None),
            user_id=user_id_of(request),
            method=request.method,
            path=request.path,
        )
    return fields


def user_id_of(request) -> int | None:
    """The user someone already looked up for this request, else None: Django's
    AuthenticationMiddleware leaves a lazy user that only a query resolves, and a log line
    must not add one. DRF puts the user it authenticated (a bearer token) on the request."""
    user = vars(request).get("user")
    if isinstance(user, LazyObject):
        if user._wrapped is empty:
            return None
        user = user._wrapped
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user.pk
