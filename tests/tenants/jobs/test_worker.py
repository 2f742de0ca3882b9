"""A real worker process on the machine's Redis: a job whose publish failed at commit (the
broker was down) runs once the relay has published it, and exactly once."""

import pytest

from tenants.jobs import enqueue, jobs_relay
from tenants.models import Job, JobState
from tests.fixtures.committed import in_own_connection
from tests.fixtures.job_tasks import mark
from tests.fixtures.jobs import broker_unreachable, seen_marks, wait_for_jobs

pytestmark = [pytest.mark.django_db, pytest.mark.worker]


def test_a_job_enqueued_while_the_broker_is_down_runs_once_after_the_relay(
    through_the_worker, marked_organizations
):
    [organization] = marked_organizations("jobs-relayed")

    def enqueue_mark() -> int:
        with organization:
            return enqueue(mark, slug=organization.slug, number=1).pk

    with broker_unreachable():
        job_id = in_own_connection(enqueue_mark)  # the write commits all the same
    assert Job.objects.get(pk=job_id).state == JobState.PENDING

    assert in_own_connection(jobs_relay) == 1
    [job] = wait_for_jobs(through_the_worker, [job_id]).values()
    assert in_own_connection(jobs_relay) == 0

    assert (job.state, job.attempts) == (JobState.SUCCEEDED, 1)
    assert [label for label, _ in seen_marks(organization)] == [f"{organization.slug}:1:ok"]
