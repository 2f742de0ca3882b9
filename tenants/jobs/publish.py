"""Handing recorded jobs to the broker, exactly once per row and attempt.

Each publisher (the hook after the enqueuing commit, the relay, a retry) takes the rows it
publishes with `FOR UPDATE SKIP LOCKED`: a row another publisher holds is its business, so
two relays at once never send one row twice. The row is marked queued in the transaction
that sent it; a publish that fails leaves the row pending for the relay. Should a commit
fail after a send, the message finds its row still pending and runs it once, and the later
copy finds it finished (tenants/jobs/records.py).

With CELERY_TASK_ALWAYS_EAGER (no broker) "publishing" marks the rows queued, commits, then
runs each job here, in this process.

With a broker, every publisher keeps to each organization's cap of jobs in flight and the
relay hands out waiting jobs round-robin across organizations (tenants/jobs/fairness.py).
"""

import logging
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from core.jobs import app
from tenants.jobs.fairness import due_round_robin, in_flight_cap, known_full, within_caps
from tenants.jobs.records import describe, job_finish
from tenants.models import Job, JobState

logger = logging.getLogger(__name__)

JOB_KWARG = "_job"  # the message's reference to its row and organization
BATCH = 100


def message_kwargs(job: Job) -> dict:
    reference = {
        "id": job.pk,
        "organization_id": job.organization_id,
        "schema_name": job.schema_name,
    }
    return {**job.kwargs, JOB_KWARG: reference}


def jobs_publish(
    *, ids: Iterable[int] | None = None, batch: int = BATCH, organization_id: int | None = None
) -> int:
    """Publish up to `batch` pending jobs (of `ids`, when given, else of one organization
    when `organization_id` is) whose time has come, or, for named ids, whose retry waits
    (sent with that delay). With ids, `organization_id` names theirs: an organization just
    found at its cap is not asked again (tenants/jobs/fairness.py). Returns how many were
    sent."""
    now = timezone.now()
    eager = app.conf.task_always_eager
    cap = 0 if eager else in_flight_cap()  # run here at once: no queue to be fair in
    if ids is not None and cap and organization_id is not None and known_full(organization_id):
        return 0  # the relay, or the organization's next job to end, publishes them
    with transaction.atomic():
        rows = Job.objects.select_for_update(skip_locked=True).filter(state=JobState.PENDING)
        if ids is None and cap and organization_id is None:
            jobs = _due_taken_round_robin(rows, cap=cap, batch=batch, now=now)
        else:
            if ids is None:
                rows = rows.filter(Q(run_after__isnull=True) | Q(run_after__lte=now))
            else:
                rows = rows.filter(pk__in=list(ids))
            if ids is None and organization_id is not None:
                # One organization's next jobs (a job of it ended): its oldest due rows, on
                # the pending index, then its in-flight count only if it has any. Most ends
                # find none; a flood's find them without the relay's window over every row.
                rows = rows.filter(organization_id=organization_id)
                batch = min(batch, cap) if cap else batch
            jobs = within_caps(list(rows.order_by("id")[:batch]), cap=cap, now=now)
        if eager:  # a retry's delay cannot be kept here: the relay runs it once it is due
            sent = [job for job in jobs if not job.run_after or job.run_after <= now]
        else:
            sent = _send(jobs)
        Job.objects.filter(pk__in=[job.pk for job in sent]).update(
            state=JobState.QUEUED, published_at=now
        )
    if eager:
        for job in sent:
            _run_here(job)
    return len(sent)


def _due_taken_round_robin(rows: QuerySet[Job], *, cap: int, batch: int, now) -> list[Job]:
    """The relay's next `batch` rows, locked, in round-robin order. The choice sees no
    locks, so rows another publisher is sending come back missing (SKIP LOCKED): they are
    chosen past and the next ones taken, since a short batch tells the relay that nothing is
    left (tenants/jobs/relay.py), and two relays at once must not both stop on it."""
    taken: list[Job] = []
    held: set[int] = set()
    while True:
        wanted = batch - len(taken)
        chosen = due_round_robin(cap=cap, batch=wanted, now=now, held=held)
        turns = {job_id: turn for turn, job_id in enumerate(chosen)}
        taken += sorted(rows.filter(pk__in=chosen), key=lambda job: turns[job.pk])
        held.update(chosen)
        if len(chosen) < wanted or len(taken) == batch:
            return taken


def jobs_publish_next(*, organization_id: int | None) -> int:
    """After one of its jobs ended: the organization's next waiting jobs, as many as its cap
    now has room for (none with fairness off: the relay has them then)."""
    if app.conf.task_always_eager or not in_flight_cap() or organization_id is None:
        return 0
    return jobs_publish(organization_id=organization_id)


def _send(jobs: list[Job]) -> list[Job]:
    """Send the jobs in order on one broker connection; stop at the first that fails."""
    sent: list[Job] = []
    if not jobs:
        return sent
    try:
        # A connection of its own, to the broker configured now, that gives up at the first
        # refusal: kombu would otherwise retry for seconds while a request waits.
        with app.connection_for_write(transport_options={"max_retries": 0}) as broker:
            for job in jobs:
                app.send_task(
                    job.task,
                    kwargs=message_kwargs(job),
                    task_id=f"job-{job.pk}",
                    queue=app.conf.task_default_queue,
                    eta=job.run_after if job.run_after and job.run_after > timezone.now() else None,
                    connection=broker,
                )
                sent.append(job)
    except Exception as error:  # the broker is down or refused: the relay publishes them later
        logger.warning(
            "Jobs not published (%s): %d left for the relay.",
            describe(error),
            len(jobs) - len(sent),
        )
    return sent


def _run_here(job: Job) -> None:
    task = app.tasks.get(job.task)
    if task is None:
        job_finish(job=job, state=JobState.FAILED, error=f"no task named {job.task}")
        logger.error("Job %s not run: no task named %s.", job.pk, job.task)
        return
    task.apply(kwargs=message_kwargs(job), task_id=f"job-{job.pk}")
