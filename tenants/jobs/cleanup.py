"""Old rows leave the outbox: finished jobs (succeeded, failed, dropped) are kept for
JOBS_RETENTION_DAYS as their history, then deleted by a scheduled job, in batches so that
no transaction holds many rows (the relay and the workers write the same table)."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.jobs import CleanConnectionTask, app
from tenants.models import Job, JobState

FINISHED = (JobState.SUCCEEDED, JobState.FAILED, JobState.DROPPED)
DELETE_BATCH = 1000


def jobs_delete_finished(*, older_than_days: float, batch: int = DELETE_BATCH) -> int:
    """Delete the jobs that finished more than `older_than_days` ago; returns how many."""
    cutoff = timezone.now() - timedelta(days=older_than_days)
    deleted = 0
    while True:
        with transaction.atomic():
            # SKIP LOCKED: a second clean-up at once takes other rows, never waits.
            ids = list(
                Job.objects.select_for_update(skip_locked=True)
                .filter(state__in=FINISHED, finished_at__lt=cutoff)
                .order_by("id")
                .values_list("id", flat=True)[:batch]
            )
            if ids:
                Job.objects.filter(pk__in=ids).delete()
        deleted += len(ids)
        if len(ids) < batch:
            return deleted


@app.task(name="tenants.jobs.cleanup", base=CleanConnectionTask, ignore_result=True)
def cleanup() -> int:
    return jobs_delete_finished(older_than_days=settings.JOBS_RETENTION_DAYS)
