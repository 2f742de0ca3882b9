"""A job logs like a request: a run id on every record written while it runs (the
request's own id when it runs eagerly inside one), its name, row and organization on each,
and one line at its end with its outcome and duration. Its arguments are not logged: they
may be personal data."""

import contextlib
import logging
import time
from collections.abc import Iterator

from core.logs.context import JobRun, LogContext, current_context, log_context, new_request_id

logger = logging.getLogger("tenantry.job")


@contextlib.contextmanager
def job_logged(*, task: str, job_id: int | None) -> Iterator[JobRun]:
    """Run a job's body as one logged run; the body sets `organization` and `outcome` on
    the JobRun it is given."""
    run = JobRun(task=task, job_id=job_id)
    outer = current_context()
    request_id = outer.request_id if outer is not None else new_request_id()
    started = time.perf_counter()
    with log_context(LogContext(request_id=request_id, job=run)):
        try:
            yield run
        except Exception:
            run.outcome = "crashed"
            logger.exception("%s crashed", task)
            raise
        finally:
            logger.info(
                "%s %s",
                task,
                run.outcome,
                extra={
                    "event": "job",
                    "status": run.outcome,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
