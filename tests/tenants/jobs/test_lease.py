"""A running job holds a lease (`running_until`, set when it is claimed, renewed by a long
job): a worker that dies mid-job leaves its row `running`, and once the lease has expired the
relay puts the row back in the outbox and publishes it, the lost run counting as an attempt;
a job that keeps losing its worker fails once its attempts are spent. Run here as a worker
would (this process, the test's transaction); tests/tenants/jobs/test_worker_lost.py kills a
real worker process."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tenants.jobs import jobs_relay
from tenants.models import Job, JobState
from tests.fixtures.job_tasks import EAGER_RUNS, lease_observe, observe
from tests.fixtures.jobs import delivered, enqueued

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_eager_runs_yet")]


def lost_mid_job(job: Job, *, attempts: int = 1, expired_seconds_ago: float = 1) -> None:
    """What a worker killed mid-job leaves: the row running, its attempt counted."""
    Job.objects.filter(pk=job.pk).update(
        state=JobState.RUNNING,
        attempts=attempts,
        running_until=timezone.now() - timedelta(seconds=expired_seconds_ago),
    )


def test_a_claimed_job_holds_a_lease_that_it_can_renew(broker_queue, tenant):
    job = enqueued(tenant, lease_observe, label="leased")
    started = timezone.now()

    assert delivered(lease_observe, job).state == JobState.SUCCEEDED

    [run] = EAGER_RUNS
    assert 115 < (run["claimed"] - started).total_seconds() <= 121  # lease_seconds=120
    assert run["renewed"] > run["claimed"]


def test_an_expired_lease_is_published_again_by_the_relay_and_runs_once_more(broker_queue, tenant):
    job = enqueued(tenant, lease_observe, label="lost")  # max_retries=1: two attempts
    lost_mid_job(job)

    assert jobs_relay() == 1

    job.refresh_from_db()
    assert (job.state, job.attempts) == (JobState.QUEUED, 1)
    assert job.error == "lease_expired"
    assert broker_queue.job_ids() == [job.pk, job.pk]
    job = delivered(lease_observe, job)
    assert (job.state, job.attempts) == (JobState.SUCCEEDED, 2)
    assert [run["label"] for run in EAGER_RUNS] == ["lost"]


def test_a_running_job_within_its_lease_is_left_alone(broker_queue, tenant):
    job = enqueued(tenant, observe, label="still running")
    lost_mid_job(job, expired_seconds_ago=-60)  # the lease runs for another minute

    assert jobs_relay() == 0

    job.refresh_from_db()
    assert job.state == JobState.RUNNING
    assert broker_queue.job_ids() == [job.pk]


def test_a_job_that_keeps_losing_its_worker_fails_once_its_attempts_are_spent(broker_queue, tenant):
    job = enqueued(tenant, observe, label="poison")  # max_retries=0: one attempt in all
    lost_mid_job(job, attempts=1)
    jobs_relay()

    job = delivered(observe, job)

    assert (job.state, job.attempts) == (JobState.FAILED, 2)
    assert job.error == "lease_expired"
    assert EAGER_RUNS == []
