"""Scheduled work per organization (tenants/jobs/schedule.py): one job per active
organization and period, enqueued in batches, on a real broker queue no worker reads; the
fan-out run twice, even at once (every worker runs an embedded beat), does nothing twice."""

from collections import Counter

import pytest

from tenants.jobs.schedule import schedule_fan_out, schedule_period
from tenants.models import Job, Organization, OrganizationStatus
from tests.fixtures.committed import in_own_connection
from tests.fixtures.job_tasks import chore
from tests.fixtures.races import run_together

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("race_cleanup")]


@pytest.fixture(autouse=True)
def _jobs_removed():
    yield
    in_own_connection(lambda: Job.objects.all().delete())


def chore_jobs(period: str) -> Counter:
    """How many chore jobs each organization (by slug) has for `period`."""

    def read() -> Counter:
        slugs = dict(Organization.objects.values_list("pk", "slug"))
        rows = Job.objects.filter(task=chore.name, kwargs__period=period)
        return Counter(slugs[row.organization_id] for row in rows)

    return in_own_connection(read)


def fan_out(period: str, batch: int = 100) -> int:
    return in_own_connection(lambda: schedule_fan_out(task=chore, period=period, batch=batch))


def test_one_job_per_active_organization_in_batches(broker_queue, tenant, committed_organization):
    committed_organization("sched-one")
    committed_organization("sched-two")
    paused = committed_organization("sched-paused")
    in_own_connection(
        lambda: Organization.objects.filter(pk=paused.pk).update(
            status=OrganizationStatus.SUSPENDED
        )
    )

    sent = fan_out("p1", batch=1)  # one organization per transaction

    jobs = chore_jobs("p1")
    assert set(jobs) == {"tenant", "second-tenant", "sched-one", "sched-two"}
    assert set(jobs.values()) == {1}
    assert sent == 4
    assert sorted(broker_queue.job_ids()) == sorted(
        Job.objects.filter(task=chore.name).values_list("pk", flat=True)
    )


def test_a_second_run_for_the_same_period_enqueues_nothing(broker_queue, tenant):
    assert fan_out("p2") == 2
    assert fan_out("p2") == 0
    assert fan_out("p3") == 2  # the next period is another run
    assert set(chore_jobs("p2").values()) == {1}


def test_two_fan_outs_at_once_enqueue_each_organization_once(
    broker_queue, tenant, committed_organization
):
    for number in range(6):
        committed_organization(f"sched-race-{number}")

    # Small batches, so that both runs interleave transaction by transaction.
    sent = run_together(
        lambda: schedule_fan_out(task=chore, period="race", batch=2),
        lambda: schedule_fan_out(task=chore, period="race", batch=2),
    )

    jobs = chore_jobs("race")
    assert len(jobs) == 8
    assert set(jobs.values()) == {1}
    assert sum(sent) == 8


def test_the_period_is_the_schedule_interval_that_contains_now():
    assert schedule_period(every_seconds=86400, now=86400 * 3 + 5) == "86400:3"
    assert schedule_period(every_seconds=3600, now=3600 * 7 - 1) == "3600:6"


def test_every_scheduled_task_and_chore_is_registered(settings):
    from core.jobs import app
    from tenants.jobs import TenantTask

    app.loader.import_default_modules()  # as a worker starting: every app's `jobs` module
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks
        if entry["task"] == "tenants.jobs.fan_out":
            assert isinstance(app.tasks[entry["args"][0]], TenantTask)
