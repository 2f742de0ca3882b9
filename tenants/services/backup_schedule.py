"""Scheduled backups of every active organization (README "Backups"): beat names the day,
and one backup job per active organization is recorded with its start time spread evenly
over TENANT_BACKUP_WINDOW_SECONDS, so that the dumps never all run at once. The rows wait in
the outbox until their time; the relay publishes each when it is due.

Batches of organizations per transaction, as the per-organization chores' fan-out
(tenants/jobs/schedule.py, whose batching it shares), each taking an advisory lock named
after the day and skipping organizations that have that day's job: the beats of several
workers enqueue each job once.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from core.jobs import CleanConnectionTask, app
from tenants.jobs.schedule import in_batches_of_active_organizations, schedule_period
from tenants.models import BackupKind, Job, Organization, OrganizationStatus
from tenants.services.backup_jobs import organization_backup_job

BATCH = 100


def backups_schedule(
    *, period: str, window_seconds: float, now: datetime | None = None, batch: int = BATCH
) -> int:
    """Record this period's backup job of every active organization that has none yet;
    returns how many were recorded by this call."""
    now = now or timezone.now()
    total = Organization.objects.filter(status=OrganizationStatus.ACTIVE).count()
    position = 0

    def record(organizations: list[Organization]) -> int:
        nonlocal position
        done = set(
            Job.objects.filter(
                task=organization_backup_job.name,
                kwargs__period=period,
                kwargs__organization_id__in=[organization.pk for organization in organizations],
            ).values_list("kwargs__organization_id", flat=True)
        )
        recorded = 0
        for organization in organizations:
            start = now + timedelta(seconds=window_seconds * position / max(total, 1))
            position += 1
            if organization.pk in done:
                continue
            Job.objects.create(
                task=organization_backup_job.name,
                kwargs={
                    "organization_id": organization.pk,
                    "kind": BackupKind.SCHEDULED,
                    "period": period,
                },
                organization_id=None,  # a platform job: it runs on public
                schema_name=settings.PUBLIC_SCHEMA_NAME,
                run_after=start,
            )
            recorded += 1
        return recorded

    return in_batches_of_active_organizations(
        lock=f"schedule:{organization_backup_job.name}:{period}", batch=batch, handle=record
    )


@app.task(name="tenants.backups.schedule", base=CleanConnectionTask, ignore_result=True)
def backups_schedule_today(window_seconds: float) -> int:
    """Beat's entry point (CELERY_BEAT_SCHEDULE): today's backups."""
    period = schedule_period(every_seconds=86400)
    return backups_schedule(period=period, window_seconds=window_seconds)
