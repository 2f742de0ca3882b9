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
LEASE_EXPIRED = "lease_expired"  # the row's error once its worker was lost mid-job


def job_claim(*, job_id: int, lease_seconds: float) -> Job | None:
    """Mark the job running for `lease_seconds` and count the attempt; None when it is not
    waiting (a duplicate message, or one for a job that has finished). A publisher that
    still holds the row (it sent the message and has not yet committed) makes this wait."""
    claimed = Job.objects.filter(pk=job_id, state__in=WAITING).update(
        state=JobState.RUNNING,
        attempts=F("attempts") + 1,
        running_until=timezone.now() + timedelta(seconds=lease_seconds),
    )
    return Job.objects.get(pk=job_id) if claimed else None


def job_lease_extend(*, job_id: int, lease_seconds: float) -> bool:
    """Push a running job's lease out to `lease_seconds` from now; False when the row is no
    longer running (its lease expired and the relay took it back)."""
    until = timezone.now() + timedelta(seconds=lease_seconds)
    return bool(Job.objects.filter(pk=job_id, state=JobState.RUNNING).update(running_until=until))


def jobs_lease_expired_requeue() -> int:
    """Put back in the outbox every running job whose lease has passed: its worker died
    (killed, out of memory, the machine lost) without recording an outcome. The lost run
    counted as an attempt when it was claimed; the next claim counts another. One UPDATE:
    two relays at once take each row once (the second finds it no longer running)."""
    return Job.objects.filter(state=JobState.RUNNING, running_until__lt=timezone.now()).update(
        state=JobState.PENDING, run_after=None, running_until=None, error=LEASE_EXPIRED
    )


def job_finish(
    *, job: Job, state: JobState, error: str = "", error_code: str = "", result=None
) -> None:
    job.state, job.error, job.finished_at = state, error, timezone.now()
    job.error_code, job.result = error_code, result
    if state == JobState.SUCCEEDED:
        job.progress = 100
    Job.objects.filter(pk=job.pk).update(
        state=job.state,
        error=job.error,
        error_code=job.error_code,
        result=job.result,
        progress=job.progress,
        finished_at=job.finished_at,
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
