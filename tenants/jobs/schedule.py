"""Scheduled work per organization (docs/architecture.md, "Jobs"): beat names a chore (a
TenantTask taking `period`), and the fan-out enqueues one job of it per active organization.

Never one transaction over every organization: the outbox rows are written `batch`
organizations per transaction, in `public` (the jobs themselves run one organization each).
Every worker runs an embedded beat, so two fan-outs of one schedule may run at once, or a
restarted worker may run one again: each batch takes an advisory lock named after the chore
and its period, then skips the organizations that already have this period's job, so each
organization gets one job per period however many fan-outs run.
"""

import time
from collections.abc import Callable

from celery import Task
from django.db import transaction
from django.db.models import QuerySet

from core.db.locks import advisory_xact_lock
from core.jobs import CleanConnectionTask, app
from tenants.jobs.enqueue import job_record
from tenants.jobs.publish import jobs_publish
from tenants.models import Job, Organization, OrganizationStatus

FAN_OUT_BATCH = 100


def schedule_period(*, every_seconds: float, now: float | None = None) -> str:
    """The run of a schedule that `now` falls in: the interval's length and its number since
    the epoch, so every beat that fires within one interval names the same period."""
    now = time.time() if now is None else now
    return f"{int(every_seconds)}:{int(now // every_seconds)}"


def jobs_of_period(*, task_name: str, period: str, organization_ids: list[int]) -> QuerySet[Job]:
    """The jobs of chore `task_name` for `period` that these organizations have already."""
    return Job.objects.filter(
        task=task_name, kwargs__period=period, organization_id__in=organization_ids
    )


def in_batches_of_active_organizations(
    *, lock: str, batch: int, handle: Callable[[list[Organization]], int]
) -> int:
    """Call `handle` on every active organization, `batch` at a time in pk order, each batch
    in a transaction of its own holding the advisory lock `lock`; returns the sum of what
    `handle` returned. Two callers with one lock take turns batch by batch, and the later
    one reads the rows the other committed (`handle` runs after the lock)."""
    after, total = 0, 0
    while True:
        with transaction.atomic():
            advisory_xact_lock(lock)
            organizations = list(
                Organization.objects.filter(
                    status=OrganizationStatus.ACTIVE, pk__gt=after
                ).order_by("pk")[:batch]
            )
            if not organizations:
                return total
            after = organizations[-1].pk
            total += handle(organizations)


def schedule_fan_out(*, task: Task, period: str, batch: int = FAN_OUT_BATCH) -> int:
    """Enqueue `task(period=period)` once for every active organization that has no job of
    it for `period` yet; returns how many were enqueued by this call."""

    def enqueue(organizations: list[Organization]) -> int:
        done = set(
            jobs_of_period(
                task_name=task.name,
                period=period,
                organization_ids=[organization.pk for organization in organizations],
            ).values_list("organization_id", flat=True)
        )
        ids = [
            job_record(task, organization=organization, kwargs={"period": period}).pk
            for organization in organizations
            if organization.pk not in done
        ]
        if ids:
            transaction.on_commit(lambda: jobs_publish(ids=ids, batch=len(ids)))
        return len(ids)

    return in_batches_of_active_organizations(
        lock=f"schedule:{task.name}:{period}", batch=batch, handle=enqueue
    )


@app.task(name="tenants.jobs.fan_out", base=CleanConnectionTask, ignore_result=True)
def fan_out(task_name: str, every_seconds: float) -> int:
    """Beat's entry point (CELERY_BEAT_SCHEDULE): the chore named `task_name`, for the
    `every_seconds` interval that contains now."""
    period = schedule_period(every_seconds=every_seconds)
    return schedule_fan_out(task=app.tasks[task_name], period=period)
