"""The job rows' states (tenants.models.Job), each change one UPDATE in `public`.

A row is the truth about its job: a message the broker delivers twice, or delivers for a
job that already ran, finds the row no longer waiting and is dropped, so a job's body runs
once per attempt however often its message arrives.
"""

from datetime import timedelta

from django.db.models import F
from django.utils import timezone

from tenants.models import Job, JobState

WAITING = (JobState.PENDING, JobState.QUEUED)


def job_claim(*, job_id: int) -> Job | None:
    """Mark the job running and count the attempt; None when it is not waiting (a
    duplicate message, or one for a job that has finished). A publisher that still holds
    the row (it sent the message and has not yet committed) makes this wait for it."""
    claimed = Job.objects.filter(pk=job_id, state__in=WAITING).update(
        state=JobState.RUNNING, attempts=F("attempts") + 1
    )
    return Job.objects.get(pk=job_id) if claimed else None


def job_finish(*, job: Job, state: JobState, error: str = "") -> None:
    job.state, job.error, job.finished_at = state, error, timezone.now()
    Job.objects.filter(pk=job.pk).update(
        state=job.state, error=job.error, finished_at=job.finished_at
    )


def job_again_later(*, job: Job, delay_seconds: float, error: str, attempt_counts: bool) -> None:
    """Put the job back in the outbox to run after `delay_seconds` (the caller publishes it
    at once with that delay; if the broker is down the relay does once it is due). An
    attempt that did not count (the schema was behind) is given back."""
    job.state = JobState.PENDING
    job.run_after = timezone.now() + timedelta(seconds=delay_seconds)
    job.error = error
    if not attempt_counts:
        job.attempts -= 1
    Job.objects.filter(pk=job.pk).update(
        state=job.state, run_after=job.run_after, error=error, attempts=job.attempts
    )


def describe(error: BaseException) -> str:
    """What the row keeps of a failure: its class and message, never a traceback (the log
    has that)."""
    return f"{type(error).__name__}: {error}"[:2000]
