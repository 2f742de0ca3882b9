"""A real worker process killed mid-job (SIGKILL: no clean-up of any kind) leaves its job's
row `running`; once the row's lease has expired, the relay publishes it again and another
worker runs it to the end, the lost run counted as an attempt."""

import time

import pytest
from django.db import connection
from django.utils import timezone

from tenants.jobs import enqueue, jobs_relay
from tenants.models import Job, JobState
from tests.fixtures.committed import in_own_connection
from tests.fixtures.job_tasks import stall_once
from tests.fixtures.jobs import (
    delete_queue,
    jobs_published_to,
    queue_leftovers,
    seen_marks,
    wait_for_jobs,
)

pytestmark = [pytest.mark.django_db, pytest.mark.worker]


def stalled_marks(organization) -> int:
    def read() -> int:
        with organization, connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM job_marks WHERE kind = 'stalled'")
            return cursor.fetchone()[0]

    return in_own_connection(read)


def wait_until(condition, *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what}: not after {timeout} s")
        time.sleep(0.1)


def test_a_job_whose_worker_was_killed_runs_again_once_its_lease_expires(
    through_the_worker, worker_to_kill, redis_broker, marked_organizations
):
    [organization] = marked_organizations("jobs-lost")

    def enqueue_stall() -> int:
        with organization:
            return enqueue(stall_once, slug=organization.slug).pk

    with jobs_published_to(redis_broker, worker_to_kill.queue):
        job_id = in_own_connection(enqueue_stall)
    wait_until(lambda: stalled_marks(organization) == 1, timeout=30, what="the job started")

    worker_to_kill.process.kill()
    worker_to_kill.process.wait(timeout=10)

    job = in_own_connection(lambda: Job.objects.get(pk=job_id))
    assert (job.state, job.attempts) == (JobState.RUNNING, 1)
    wait_until(lambda: timezone.now() > job.running_until, timeout=10, what="the lease expired")
    assert in_own_connection(jobs_relay) == 1  # to the session's worker (through_the_worker)

    [job] = wait_for_jobs(through_the_worker, [job_id]).values()
    assert (job.state, job.attempts) == (JobState.SUCCEEDED, 2)
    assert [label for label, _ in seen_marks(organization)] == [f"{organization.slug}:again:ok"]
    assert in_own_connection(jobs_relay) == 0
    # The killed worker's message was never acknowledged: deleting its queue takes that too,
    # or a later worker on this Redis would bring it back after the visibility timeout.
    delete_queue(redis_broker, worker_to_kill.queue)
    assert queue_leftovers(redis_broker, worker_to_kill.queue) == []
