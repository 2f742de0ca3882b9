"""The outbox on a real broker (the machine's Redis, a queue no worker reads): a job is
published once its transaction commits; a broker that is down at commit loses nothing; the
relay publishes what was left, each row once, even with two relays at once."""

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import transaction

from tenants.jobs import enqueue, jobs_relay
from tenants.models import Job, JobState
from tests.fixtures.committed import in_own_connection
from tests.fixtures.job_tasks import observe
from tests.fixtures.jobs import broker_unreachable
from tests.fixtures.races import run_together

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("race_cleanup")]


def enqueue_committed(organization, labels: list[str]) -> list[int]:
    """Each job in a transaction of its own, committed."""

    def enqueue_each() -> list[int]:
        ids = []
        with organization:
            for label in labels:
                with transaction.atomic():
                    ids.append(enqueue(observe, label=label).pk)
        return ids

    return in_own_connection(enqueue_each)


def states(ids: list[int]) -> list[str]:
    return list(Job.objects.filter(pk__in=ids).order_by("pk").values_list("state", flat=True))


def delete_jobs() -> None:
    in_own_connection(lambda: Job.objects.all().delete())


@contextmanager
def rows_held_elsewhere(ids: list[int]) -> Iterator[None]:
    """Another publisher in the middle of sending these rows: their locks held on a
    connection of its own until the block ends."""
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with transaction.atomic():
            list(Job.objects.select_for_update().filter(pk__in=ids))
            held.set()
            release.wait(timeout=30)

    thread = threading.Thread(target=in_own_connection, args=(hold,))
    thread.start()
    try:
        assert held.wait(timeout=30)
        yield
    finally:
        release.set()
        thread.join()


@pytest.fixture(autouse=True)
def _jobs_removed():
    yield
    delete_jobs()


def test_a_committed_job_is_published_at_once_with_its_organization(broker_queue, tenant):
    [job_id] = enqueue_committed(tenant, ["published"])

    assert broker_queue.job_ids() == [job_id]
    assert states([job_id]) == [JobState.QUEUED]
    [message] = broker_queue.messages()
    assert message["headers"]["task"] == "tests.jobs.observe"


def test_a_job_whose_transaction_rolled_back_is_never_published(broker_queue, tenant):
    def enqueue_then_roll_back() -> None:
        with tenant, transaction.atomic():
            enqueue(observe, label="rolled back")
            transaction.set_rollback(True)

    in_own_connection(enqueue_then_roll_back)

    assert broker_queue.messages() == []
    assert not Job.objects.exists()


def test_a_broker_down_at_commit_loses_nothing_and_the_relay_publishes_it_once(
    broker_queue, tenant
):
    started = time.monotonic()
    with broker_unreachable():
        ids = enqueue_committed(tenant, ["while the broker is down"])  # the write succeeds
    assert time.monotonic() - started < 2  # a refused publish does not hold the caller

    assert states(ids) == [JobState.PENDING]
    assert broker_queue.messages() == []

    assert in_own_connection(jobs_relay) == 1
    assert in_own_connection(jobs_relay) == 0  # nothing left: never twice

    assert broker_queue.job_ids() == ids
    assert states(ids) == [JobState.QUEUED]


def test_two_relays_at_once_publish_each_row_once(broker_queue, tenant, settings):
    # Room for every row under the organization's cap (tenants/jobs/fairness.py): this is
    # about two relays taking rows at once, not about the cap.
    settings.JOBS_IN_FLIGHT_PER_ORGANIZATION = 100
    with broker_unreachable():
        ids = enqueue_committed(tenant, [f"left behind {number}" for number in range(30)])
    assert set(states(ids)) == {JobState.PENDING}

    # Small batches, so that both relays take rows in turn, each skipping the other's.
    sent = run_together(lambda: jobs_relay(batch=3), lambda: jobs_relay(batch=3))

    assert sum(sent) == len(ids)
    assert sorted(broker_queue.job_ids()) == sorted(ids)
    assert set(states(ids)) == {JobState.QUEUED}


def test_a_relay_goes_past_rows_another_publisher_holds(broker_queue, tenant, settings):
    # The relay's choice (the round-robin turns) does not see locks: the oldest rows come
    # first, and another publisher may be sending them. The relay takes the next ones
    # instead of taking the held rows for "nothing left" and leaving the rest waiting.
    settings.JOBS_IN_FLIGHT_PER_ORGANIZATION = 100
    with broker_unreachable():
        ids = enqueue_committed(tenant, [f"behind a held row {number}" for number in range(9)])

    with rows_held_elsewhere(ids[:3]):
        sent = in_own_connection(lambda: jobs_relay(batch=3))

    assert sent == 6
    assert sorted(broker_queue.job_ids()) == ids[3:]
    assert states(ids) == [JobState.PENDING] * 3 + [JobState.QUEUED] * 6
