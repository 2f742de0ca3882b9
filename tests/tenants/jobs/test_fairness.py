"""Fairness between organizations (tenants/jobs/fairness.py): an organization has at most
JOBS_IN_FLIGHT_PER_ORGANIZATION jobs handed to the broker and not finished; the rest wait in
the outbox, so one organization's flood never stands between another's job and a worker.
The relay hands out waiting jobs round-robin across organizations, and a job that finishes
hands its organization's next one to the broker."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from tenants.jobs import enqueue, jobs_publish, jobs_relay
from tenants.jobs.publish import jobs_publish_next
from tenants.models import Job, JobState
from tests.fixtures.committed import in_own_connection
from tests.fixtures.job_tasks import observe
from tests.fixtures.jobs import broker_unreachable, wait_for_jobs

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("race_cleanup")]


@pytest.fixture(autouse=True)
def _jobs_removed():
    yield
    in_own_connection(lambda: Job.objects.all().delete())


def enqueue_many(organization, count: int, label: str) -> list[int]:
    """`count` jobs in one committed transaction, as a bulk action would."""

    def enqueue_all() -> list[int]:
        with organization, transaction.atomic():
            return [enqueue(observe, label=f"{label} {number}").pk for number in range(count)]

    return in_own_connection(enqueue_all)


def test_a_flood_waits_in_the_outbox_beyond_its_cap_and_another_organization_goes_at_once(
    broker_queue, tenant, second_tenant, settings
):
    settings.JOBS_IN_FLIGHT_PER_ORGANIZATION = 5
    flood = enqueue_many(tenant, 50, "flood")
    [mail] = enqueue_many(second_tenant, 1, "mail")

    assert broker_queue.job_ids() == [*flood[:5], mail]
    waiting = Job.objects.filter(pk__in=flood, state=JobState.PENDING).count()
    assert waiting == 45


def test_the_relay_hands_out_waiting_jobs_round_robin_within_the_caps(
    broker_queue, tenant, second_tenant, settings
):
    settings.JOBS_IN_FLIGHT_PER_ORGANIZATION = 5
    with broker_unreachable():
        flood = enqueue_many(tenant, 50, "flood")
        [mail] = enqueue_many(second_tenant, 1, "mail")

    assert in_own_connection(jobs_relay) == 6

    published = broker_queue.job_ids()
    assert published[:2] == [flood[0], mail]  # the first round has one of each
    assert sorted(published) == sorted([*flood[:5], mail])
    assert in_own_connection(jobs_relay) == 0  # the flood's cap is full


def test_without_a_cap_the_outbox_publishes_in_order(broker_queue, tenant, second_tenant, settings):
    settings.JOBS_IN_FLIGHT_PER_ORGANIZATION = 0  # fairness off: one queue, first come
    flood = enqueue_many(tenant, 20, "flood")
    [mail] = enqueue_many(second_tenant, 1, "mail")

    assert broker_queue.job_ids() == [*flood, mail]


def test_a_finished_job_hands_its_organization_the_next_and_the_flood_completes(
    through_the_worker, tenant, second_tenant
):
    # The worker's cap is the default (20): 60 jobs need it to publish their successors.
    flood = enqueue_many(tenant, 60, "flood")
    [mail] = enqueue_many(second_tenant, 1, "mail")

    jobs = wait_for_jobs(through_the_worker, [*flood, mail], timeout=60)

    assert {job.state for job in jobs.values()} == {JobState.SUCCEEDED}
    # Ahead of the mail on the broker: at most the flood's cap, and one being run.
    mailed = jobs[mail]
    overtaking = [
        job for job in jobs.values()
        if job.pk != mail and mailed.published_at < job.finished_at < mailed.finished_at
    ]  # fmt: skip
    assert len(overtaking) <= 21


def publish_asking(**kwargs) -> tuple[int, int]:
    """`jobs_publish(**kwargs)` committed on its own connection: (jobs sent, queries made)."""

    def publish() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            sent = jobs_publish(**kwargs)
        return sent, len(queries)

    return in_own_connection(publish)


def test_a_bulk_enqueue_beyond_the_cap_leaves_the_database_alone_once_the_cap_is_full(
    broker_queue, tenant, settings
):
    settings.JOBS_IN_FLIGHT_PER_ORGANIZATION = 2
    with broker_unreachable():
        ids = enqueue_many(tenant, 6, "flood")

    # The publish after commit of each job: the first two go, the third finds the cap full,
    # and the rest of that commit's jobs need not ask again.
    sent = [publish_asking(ids=[job_id], organization_id=tenant.pk) for job_id in ids[:4]]
    assert [count for count, _ in sent] == [1, 1, 0, 0]
    assert sent[3][1] == 0

    # A job that ends frees its slot: its organization's next goes, whatever was noted.
    in_own_connection(lambda: Job.objects.filter(pk__in=ids[:2]).update(state=JobState.SUCCEEDED))
    assert in_own_connection(lambda: jobs_publish_next(organization_id=tenant.pk)) == 2
    assert broker_queue.job_ids() == ids[:4]
