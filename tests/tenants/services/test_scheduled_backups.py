"""Scheduled backups (tenants/services/backup_schedule.py): once a day, one backup job per
active organization, their start times spread evenly over TENANT_BACKUP_WINDOW_SECONDS so
that they never all dump at once; run twice for one day, even at once, it enqueues each
organization's job once."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from tenants.models import Backup, Job, Organization, OrganizationStatus
from tenants.services.backup_jobs import organization_backup_job
from tenants.services.backup_schedule import backups_schedule
from tests.fixtures.committed import in_own_connection
from tests.fixtures.races import run_together

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("race_cleanup", "backup_dir")]
TASK = "organizations.backup"


def scheduled_jobs(period: str) -> list[Job]:
    return in_own_connection(
        lambda: list(Job.objects.filter(task=TASK, kwargs__period=period).order_by("run_after"))
    )


def schedule(period: str, now, window: float = 3600) -> int:
    return in_own_connection(
        lambda: backups_schedule(period=period, window_seconds=window, now=now, batch=2)
    )


def test_one_backup_job_per_active_organization_spread_over_the_window(
    committed_organization, tenant, second_tenant
):
    committed_organization("backed-one")
    paused = committed_organization("backed-paused")
    in_own_connection(
        lambda: Organization.objects.filter(pk=paused.pk).update(
            status=OrganizationStatus.SUSPENDED
        )
    )
    now = timezone.now()

    assert schedule("d1", now) == 3

    jobs = scheduled_jobs("d1")
    slugs = dict(Organization.objects.values_list("pk", "slug"))
    assert sorted(slugs[job.kwargs["organization_id"]] for job in jobs) == [
        "backed-one",
        "second-tenant",
        "tenant",
    ]
    assert {job.kwargs["kind"] for job in jobs} == {"scheduled"}
    assert {job.state for job in jobs} == {"pending"}  # the relay publishes each when due
    starts = [job.run_after for job in jobs]
    assert starts == [now, now + timedelta(seconds=1200), now + timedelta(seconds=2400)]


def test_a_second_run_for_the_same_day_enqueues_nothing(tenant):
    now = timezone.now()
    first = schedule("d2", now)

    assert schedule("d2", now) == 0
    assert len(scheduled_jobs("d2")) == first


def test_two_runs_at_once_enqueue_each_organization_once(committed_organization, tenant):
    for number in range(4):
        committed_organization(f"backed-race-{number}")
    now = timezone.now()

    sent = run_together(*(lambda: backups_schedule(period="d3", window_seconds=60, now=now),) * 2)

    jobs = scheduled_jobs("d3")
    organizations = [job.kwargs["organization_id"] for job in jobs]
    assert len(organizations) == len(set(organizations)) == sum(sent)


def test_a_scheduled_job_records_a_scheduled_backup(committed_organization):
    organization = committed_organization("backed-kind")

    organization_backup_job.run(organization_id=organization.pk, kind="scheduled", period="d4")

    kinds = Backup.objects.filter(organization_id=organization.pk).values_list("kind", flat=True)
    assert list(kinds) == ["scheduled"]


def test_beat_schedules_the_backups_daily_over_a_window():
    [entry] = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "tenants.backups.schedule"
    ]
    assert entry["args"] == (settings.TENANT_BACKUP_WINDOW_SECONDS,)
    assert settings.TENANT_BACKUP_WINDOW_SECONDS == 4 * 3600
