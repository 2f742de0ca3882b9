"""Old job rows leave the outbox (tenants/jobs/cleanup.py): finished rows past the retention
go, in batches; recent ones and every row still waiting or running stay."""

from datetime import timedelta

import pytest
from django.utils import timezone
from model_bakery import baker

from tenants.jobs.cleanup import jobs_delete_finished
from tenants.models import Job, JobState

pytestmark = pytest.mark.django_db


def job(state: str, *, days_ago: float) -> Job:
    when = timezone.now() - timedelta(days=days_ago)
    finished = state in (JobState.SUCCEEDED, JobState.FAILED, JobState.DROPPED)
    row = baker.make(Job, task="tests.jobs.observe", schema_name="org_tenant", state=state)
    Job.objects.filter(pk=row.pk).update(created_at=when, finished_at=when if finished else None)
    return row


def test_finished_rows_past_the_retention_are_deleted_in_batches():
    old = [job(state, days_ago=31) for state in (JobState.SUCCEEDED, JobState.FAILED)] + [
        job(JobState.DROPPED, days_ago=40) for _ in range(3)
    ]
    recent = job(JobState.SUCCEEDED, days_ago=29)
    waiting = [job(state, days_ago=90) for state in (JobState.PENDING, JobState.QUEUED)]
    running = job(JobState.RUNNING, days_ago=90)

    deleted = jobs_delete_finished(older_than_days=30, batch=2)

    assert deleted == len(old)
    left = set(Job.objects.values_list("pk", flat=True))
    assert left == {recent.pk, running.pk, *(row.pk for row in waiting)}
    assert jobs_delete_finished(older_than_days=30, batch=2) == 0
