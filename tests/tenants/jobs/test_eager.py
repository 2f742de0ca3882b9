"""Jobs without a broker (CELERY_TASK_ALWAYS_EAGER, the test settings' default): recorded in
the enqueuing transaction, run right after its commit in the enqueuing process, in the
organization's schema, and the caller's active schema is left as it was."""

import logging
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from tenants.active_schema import WrongActiveSchema
from tenants.jobs import enqueue
from tenants.models import Job, JobState, Organization, OrganizationStatus
from tests.fixtures.job_tasks import EAGER_RUNS, fail, observe
from tests.fixtures.mail import mail_sent_on_commit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_eager_runs_yet")]


def test_a_job_runs_in_the_schema_of_the_organization_that_enqueued_it(tenant, second_tenant):
    with mail_sent_on_commit():
        with tenant:
            first = enqueue(observe, label="first")
        with second_tenant:
            second = enqueue(observe, label="second")
        assert EAGER_RUNS == []  # nothing runs before the commit

    assert [
        {"label": "first", "schema": tenant.schema_name, "current_schema": tenant.schema_name},
        {
            "label": "second",
            "schema": second_tenant.schema_name,
            "current_schema": second_tenant.schema_name,
        },
    ] == EAGER_RUNS
    for job, organization in ((first, tenant), (second, second_tenant)):
        job.refresh_from_db()
        assert (job.state, job.attempts) == (JobState.SUCCEEDED, 1)
        assert (job.organization_id, job.schema_name) == (organization.pk, organization.schema_name)


def test_the_callers_active_schema_is_left_as_it_was(tenant):
    with tenant, mail_sent_on_commit():
        enqueue(observe, label="inside a request")
    with tenant:
        with mail_sent_on_commit():
            enqueue(observe, label="still inside")
        assert connection.schema_name == tenant.schema_name


def test_a_rolled_back_transaction_enqueues_nothing(tenant):
    with mail_sent_on_commit(), tenant, transaction.atomic():
        enqueue(observe, label="rolled back")
        transaction.set_rollback(True)

    assert EAGER_RUNS == []
    assert not Job.objects.exists()


def test_enqueueing_outside_an_organization_is_refused():
    with pytest.raises(WrongActiveSchema):
        enqueue(observe, label="from public")
    assert not Job.objects.exists()


@pytest.mark.parametrize(
    "status", [OrganizationStatus.SUSPENDED, OrganizationStatus.ARCHIVED], ids=str
)
def test_a_job_of_a_suspended_or_archived_organization_is_dropped_and_logged(
    tenant, status, caplog
):
    with mail_sent_on_commit():
        with tenant:
            job = enqueue(observe, label="too late")
        Organization.objects.filter(pk=tenant.pk).update(status=status)

    job.refresh_from_db()
    assert EAGER_RUNS == []
    assert (job.state, job.error, job.attempts) == (JobState.DROPPED, f"organization_{status}", 1)
    assert any(
        record.levelno == logging.WARNING and f"organization_{status}" in record.getMessage()
        for record in caplog.records
    )


def test_a_job_of_an_organization_whose_schema_is_behind_the_code_waits(tenant):
    with mail_sent_on_commit():
        with tenant:
            job = enqueue(observe, label="after the migration")
        Organization.objects.filter(pk=tenant.pk).update(migration_digest="0" * 16)

    job.refresh_from_db()
    assert EAGER_RUNS == []
    # Back in the outbox, without using up an attempt, for the relay once it is due.
    assert (job.state, job.attempts, job.error) == (JobState.PENDING, 0, "organization_migrating")
    assert timezone.now() + timedelta(seconds=20) < job.run_after
    assert job.run_after < timezone.now() + timedelta(seconds=40)


def test_a_failing_job_fails_once_eagerly_and_the_caller_never_sees_it(tenant, caplog):
    with mail_sent_on_commit(), tenant:
        job = enqueue(fail, label="broken")

    job.refresh_from_db()
    assert [run["label"] for run in EAGER_RUNS] == ["broken"]  # no retries without a broker
    assert (job.state, job.attempts) == (JobState.FAILED, 1)
    assert job.error == "RuntimeError: broken fails on purpose"
    assert any("broken fails on purpose" in record.getMessage() for record in caplog.records)


def test_a_job_for_a_removed_organization_is_dropped(tenant):
    with mail_sent_on_commit():
        with tenant:
            job = enqueue(observe, label="orphan")
        Job.objects.filter(pk=job.pk).update(organization_id=tenant.pk + 10_000)

    job.refresh_from_db()
    assert EAGER_RUNS == []
    assert (job.state, job.error) == (JobState.DROPPED, "organization_missing")
