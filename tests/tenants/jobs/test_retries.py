"""What a worker does with a job it cannot finish, run here as the worker would (in this
process, on the test's transaction) with a real broker to publish the retries to: a schema
behind the code waits without using up an attempt; a failure is retried with back-off, then
recorded; a message that arrives again for a finished job does not run it again."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from tenants.models import JobState, Organization
from tests.fixtures.job_tasks import EAGER_RUNS, fail, observe
from tests.fixtures.jobs import delivered, enqueued

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_eager_runs_yet")]


def seconds_until_eta(message: dict) -> float:
    return (datetime.fromisoformat(message["headers"]["eta"]) - timezone.now()).total_seconds()


def test_a_job_whose_schema_is_behind_the_code_is_published_again_later(broker_queue, tenant):
    job = enqueued(tenant, observe, label="after the migration")
    Organization.objects.filter(pk=tenant.pk).update(migration_digest="0" * 16)

    delivered(observe, job)

    assert EAGER_RUNS == []
    assert (job.state, job.attempts, job.error) == (JobState.QUEUED, 0, "organization_migrating")
    first, again = broker_queue.messages()
    assert first["headers"]["eta"] is None
    assert 25 < seconds_until_eta(again) <= 30  # as the routing's Retry-After


def test_a_failing_job_is_retried_with_back_off_then_recorded_as_failed(broker_queue, tenant):
    job = enqueued(tenant, fail, label="flaky")  # max_retries=2, retry_backoff=5

    delivered(fail, job)
    assert (job.state, job.attempts) == (JobState.QUEUED, 1)
    assert job.error == "RuntimeError: flaky fails on purpose"
    delivered(fail, job)
    assert (job.state, job.attempts) == (JobState.QUEUED, 2)
    delivered(fail, job)
    assert (job.state, job.attempts) == (JobState.FAILED, 3)

    assert len(EAGER_RUNS) == 3
    delays = [seconds_until_eta(message) for message in broker_queue.messages()[1:]]
    assert len(delays) == 2
    assert 3 < delays[0] <= 5
    assert 8 < delays[1] <= 10


def test_a_message_delivered_again_after_its_job_ran_does_not_run_it_again(broker_queue, tenant):
    job = enqueued(tenant, observe, label="once")

    delivered(observe, job)
    delivered(observe, job)

    assert [run["label"] for run in EAGER_RUNS] == ["once"]
    assert (job.state, job.attempts) == (JobState.SUCCEEDED, 1)
    assert timezone.now() - job.finished_at < timedelta(minutes=1)
