"""TenantTask: a job that runs in the schema of the organization that enqueued it.

Why our own base and not tenant-schemas-celery (docs/architecture.md, "Jobs"): that library
switches the schema in a `task_prerun` signal, and Celery logs and swallows an exception
raised by a signal handler, so an organization it cannot load leaves the job running in
whatever schema the connection had. It names the organization by schema name alone, caches
organizations per process for a set time, and has no notion of a suspended organization or
of a schema behind the code. Here the check is part of the call: no organization, no run.
"""

import logging
from contextlib import AbstractContextManager

from celery.utils.time import get_exponential_backoff_interval
from django.conf import settings
from django_tenants.utils import schema_context

from core.errors import DomainError
from core.jobs import CleanConnectionTask
from core.logs.jobs import job_logged
from tenants.jobs.admission import Refusal, job_admission
from tenants.jobs.lease import Lease, current_lease
from tenants.jobs.publish import JOB_KWARG, jobs_publish, jobs_publish_next
from tenants.jobs.records import (
    LEASE_EXPIRED,
    describe,
    job_again_later,
    job_claim,
    job_finish,
)
from tenants.models import Job, JobState
from tenants.routing.middleware import MIGRATING_RETRY_AFTER_SECONDS

logger = logging.getLogger(__name__)
# What a job's last log line says became of this attempt: a row back in the outbox will
# run again.
OUTCOMES = {JobState.PENDING: "again_later"}


class TenantTask(CleanConnectionTask):
    """Define with `@app.task(base=TenantTask, name=...)`, enqueue with
    `tenants.jobs.enqueue(task, **kwargs)` inside the organization.

    A failure (an exception in `retry_for`) runs the job again after `retry_backoff`
    seconds, doubling up to `retry_backoff_max`, at most `max_retries` times; then the row
    says failed. Eager runs (no broker) are not retried."""

    abstract = True
    # What the job is, for its log lines, formatted with its arguments: never a secret.
    purpose = ""
    max_retries = 3
    retry_backoff = 10
    retry_backoff_max = 600
    retry_for: tuple[type[BaseException], ...] = (Exception,)
    # How long a claimed job may run before it is taken for lost (its worker killed) and run
    # again; None: JOBS_LEASE_SECONDS. A longer job renews it (tenants/jobs/lease.py).
    lease_seconds: float | None = None
    # The broker keeps the message until the job has ended: a worker lost mid-job has its
    # message delivered again too (after Redis's visibility timeout). Harmless: the row is
    # claimed once per attempt; what brings the job back promptly is its lease.
    acks_late = True
    # Keep what the job returns on its row (JSON), for whoever polls it (a purge's backup).
    keeps_result = False

    def __call__(self, *args, **kwargs):
        reference = kwargs.get(JOB_KWARG) or {}
        try:
            return super().__call__(*args, **kwargs)
        finally:
            # Its slot is free: the organization's next waiting job goes to the broker now,
            # not at the relay's next run (tenants/jobs/fairness.py).
            if not self.request.is_eager:
                self._hand_over(reference.get("organization_id"))

    def _hand_over(self, organization_id: int | None) -> None:
        try:
            jobs_publish_next(organization_id=organization_id)
        except Exception:  # the relay publishes them later; never the job's outcome
            logger.exception("Next jobs of organization %s left for the relay.", organization_id)

    def call_on_clean_connection(self, *args, **kwargs):
        reference = kwargs.pop(JOB_KWARG)
        with job_logged(task=self.name, job_id=reference["id"]) as run:
            lease = self.lease_seconds or settings.JOBS_LEASE_SECONDS
            job = job_claim(job_id=reference["id"], lease_seconds=lease)
            if job is None:
                logger.info("Job %s skipped: it is not waiting to run.", reference["id"])
                return None
            held = current_lease.set(Lease(job_id=job.pk, seconds=lease))
            try:
                if self._lost_too_often(job):
                    return None
                return self._admit_and_run(job, reference, run, args, kwargs)
            finally:
                current_lease.reset(held)
                run.outcome = OUTCOMES.get(job.state, job.state)

    def _lost_too_often(self, job: Job) -> bool:
        """A job back from a lost worker whose attempts are spent is failed, not run: one
        that kills its worker every time (out of memory, say) must not go round forever."""
        if job.error != LEASE_EXPIRED or job.attempts <= self.max_retries + 1:
            return False
        logger.error("Job %s failed: its worker was lost on every attempt.", job.pk)
        job_finish(job=job, state=JobState.FAILED, error=LEASE_EXPIRED)
        return True

    def _admit_and_run(self, job: Job, reference: dict, run, args, kwargs):
        organization = self.admission(reference)
        if isinstance(organization, Refusal):
            return self._refused(job, organization)
        run.organization = getattr(organization, "slug", None)  # none for a platform job
        try:
            with organization:
                result = super().call_on_clean_connection(*args, **kwargs)
        except Exception as error:  # the row and the log say what happened; never the caller
            # A domain refusal (core.errors) is an answer, not a fault: never retried.
            retry = isinstance(error, self.retry_for) and not isinstance(error, DomainError)
            self._failed(job, error, kwargs, retry=retry)
            return None
        job_finish(job=job, state=JobState.SUCCEEDED, result=result if self.keeps_result else None)
        return result

    def admission(self, reference: dict) -> AbstractContextManager | Refusal:
        """The schema to run in (entered with `with`), or why not: the job's organization,
        checked as the routing middleware checks a request's."""
        return job_admission(
            organization_id=reference["organization_id"], schema_name=reference["schema_name"]
        )

    def _refused(self, job: Job, refusal: Refusal) -> None:
        if refusal.later:
            logger.info("Job %s of %s waits: %s.", job.pk, job.schema_name, refusal.code)
            self._again_later(job, MIGRATING_RETRY_AFTER_SECONDS, refusal.code, counts=False)
            return
        logger.warning("Job %s of %s dropped: %s.", job.pk, job.schema_name, refusal.code)
        job_finish(job=job, state=JobState.DROPPED, error=refusal.code)

    def _failed(self, job: Job, error: Exception, kwargs: dict, *, retry: bool) -> None:
        eager = self.app.conf.task_always_eager
        what = self._purpose(kwargs)
        if isinstance(error, DomainError):  # recorded as the API would have answered it
            logger.warning("Job %s (%s) refused: %s.", job.pk, what, error.code)
            job_finish(job=job, state=JobState.FAILED, error=error.message, error_code=error.code)
            return
        if eager or not retry or job.attempts > self.max_retries:
            logger.exception("Job %s (%s) failed: %s.", job.pk, what, describe(error))
            job_finish(job=job, state=JobState.FAILED, error=describe(error))
            return
        delay = get_exponential_backoff_interval(
            factor=self.retry_backoff,
            retries=job.attempts - 1,
            maximum=self.retry_backoff_max,
            full_jitter=False,
        )
        logger.warning(
            "Job %s (%s) failed, attempt %s; again in %s s: %s.",
            job.pk,
            what,
            job.attempts,
            delay,
            describe(error),
        )
        self._again_later(job, delay, describe(error), counts=True)

    def _purpose(self, kwargs: dict) -> str:
        try:
            return self.purpose.format(**kwargs) if self.purpose else self.name
        except (KeyError, IndexError, ValueError):
            return self.name

    def _again_later(self, job: Job, delay: float, error: str, *, counts: bool) -> None:
        job_again_later(job=job, delay_seconds=delay, error=error, attempt_counts=counts)
        jobs_publish(ids=[job.pk])


class PlatformTask(TenantTask):
    """A job of the platform's own, which belongs to no organization (a new owner's
    set-password mail, the spare schemas): enqueued with `tenants.jobs.enqueue_platform`,
    through the same outbox, claims, retries and records as an organization's job, and run
    on `public`. Entered explicitly, not merely left there: run eagerly, the job shares the
    enqueuing process's connection, which may be in an organization's schema."""

    abstract = True

    def admission(self, reference: dict) -> AbstractContextManager:
        return schema_context(settings.PUBLIC_SCHEMA_NAME)
