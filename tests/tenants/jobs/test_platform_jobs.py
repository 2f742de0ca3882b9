"""Platform jobs: work that belongs to no organization (a new owner's set-password mail,
the spare schemas) goes through the same outbox as an organization's jobs. The row names no
organization, it is published after the commit that recorded it, runs on `public`, and is
retried with back-off like any other job (docs/architecture.md, "Jobs")."""

import pytest
from django.db import transaction

from tenants.jobs import enqueue, enqueue_platform
from tenants.models import Job, JobState
from tests.fixtures.job_tasks import EAGER_RUNS, observe, platform_fail, platform_observe
from tests.fixtures.jobs import delivered
from tests.fixtures.mail import mail_sent_on_commit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_eager_runs_yet")]


def test_a_platform_job_names_no_organization_and_is_published_after_commit(broker_queue):
    with mail_sent_on_commit():
        job = enqueue_platform(platform_observe, label="after commit")
        assert Job.objects.get(pk=job.pk).state == JobState.PENDING
        assert broker_queue.job_ids() == []

    job.refresh_from_db()
    assert (job.organization_id, job.schema_name) == (None, "public")
    assert (job.state, job.kwargs) == (JobState.QUEUED, {"label": "after commit"})
    assert broker_queue.job_ids() == [job.pk]


def test_a_platform_job_can_be_enqueued_inside_an_organization_and_still_names_none(
    broker_queue, tenant
):
    with mail_sent_on_commit(), tenant:
        job = enqueue_platform(platform_observe, label="from inside")

    assert (job.organization_id, job.schema_name) == (None, "public")


def enqueue_then_roll_back() -> None:
    with transaction.atomic():
        enqueue_platform(platform_observe, label="rolled back")
        raise RuntimeError("the write fails")


def test_a_rolled_back_write_enqueues_no_platform_job(broker_queue):
    with mail_sent_on_commit(), pytest.raises(RuntimeError):
        enqueue_then_roll_back()

    assert not Job.objects.filter(task=platform_observe.name).exists()
    assert broker_queue.job_ids() == []


def test_a_platform_job_runs_on_public(broker_queue, tenant):
    with mail_sent_on_commit():
        job = enqueue_platform(platform_observe, label="on public")

    job = delivered(platform_observe, job)

    assert job.state == JobState.SUCCEEDED
    assert EAGER_RUNS == [{"label": "on public", "schema": "public", "current_schema": "public"}]


def test_a_platform_job_runs_eagerly_without_a_broker():
    with mail_sent_on_commit():
        job = enqueue_platform(platform_observe, label="eager")

    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED
    assert [run["schema"] for run in EAGER_RUNS] == ["public"]


def test_a_failing_platform_job_is_retried_with_back_off_then_recorded_as_failed(broker_queue):
    with mail_sent_on_commit():
        job = enqueue_platform(platform_fail, label="flaky")  # max_retries=1

    job = delivered(platform_fail, job)
    assert (job.state, job.attempts) == (JobState.QUEUED, 1)
    assert job.error == "RuntimeError: flaky fails on purpose"
    assert job.run_after is not None
    assert broker_queue.job_ids() == [job.pk, job.pk]

    job = delivered(platform_fail, job)
    assert (job.state, job.attempts) == (JobState.FAILED, 2)


def test_tenant_and_platform_jobs_are_not_enqueued_the_other_way(tenant):
    with pytest.raises(TypeError):
        enqueue_platform(observe, label="a tenant job without its organization")
    with tenant, pytest.raises(TypeError):
        enqueue(platform_observe, label="a platform job inside an organization")
