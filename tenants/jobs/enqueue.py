"""Enqueueing a job: a row in the caller's transaction, published once it commits. An
organization's job (`enqueue`) names the active organization; a platform job
(`enqueue_platform`) names none and runs on `public`."""

from celery import Task
from django.conf import settings
from django.db import connection, transaction

from tenants.active_schema import WrongActiveSchema
from tenants.jobs.publish import JOB_KWARG, jobs_publish
from tenants.jobs.task import PlatformTask
from tenants.models import Job, Organization


def enqueue(task: Task, **kwargs) -> Job:
    """Run `task(**kwargs)` in the active organization's schema, once the current
    transaction commits (at once outside of one). A rolled-back transaction takes the job
    with it; a broker that is down at commit leaves the row for the relay. `kwargs` must be
    JSON: ids and plain values, never secrets (the row and the message keep them)."""
    if isinstance(task, PlatformTask):
        raise TypeError(f"{task.name} belongs to no organization: use enqueue_platform")
    if connection.schema_name == settings.PUBLIC_SCHEMA_NAME:
        raise WrongActiveSchema(
            f"{task.name} runs in an organization's schema, but the active schema is public: "
            "enqueue it inside the organization (`with organization:`)."
        )
    if JOB_KWARG in kwargs:
        raise ValueError(f"{JOB_KWARG} is the job's own argument")
    organization = connection.tenant
    if not isinstance(organization, Organization):  # entered by schema name alone
        organization = Organization.objects.get(schema_name=connection.schema_name)
    job = job_record(task, organization=organization, kwargs=kwargs)
    # robust: a failure here is logged; the write has committed and the relay has the row.
    transaction.on_commit(
        lambda: jobs_publish(ids=[job.pk], organization_id=organization.pk), robust=True
    )
    return job


def job_record(task: Task, *, organization: Organization, kwargs: dict) -> Job:
    """The outbox row alone, for a caller in `public` that names the organization (the
    schedule's fan-out, tenants/jobs/schedule.py) and publishes its rows after commit."""
    return Job.objects.create(
        task=task.name,
        kwargs=kwargs,
        organization_id=organization.pk,
        schema_name=organization.schema_name,
    )


def enqueue_platform(task: Task, **kwargs) -> Job:
    """Run the platform job `task(**kwargs)` (a `PlatformTask`) on `public` once the current
    transaction commits, whatever the active schema: the same outbox, publish and retries as
    `enqueue`, with no organization to check. The same rule for `kwargs`."""
    if not isinstance(task, PlatformTask):
        raise TypeError(f"{task.name} runs in an organization: use enqueue inside it")
    if JOB_KWARG in kwargs:
        raise ValueError(f"{JOB_KWARG} is the job's own argument")
    job = Job.objects.create(
        task=task.name,
        kwargs=kwargs,
        organization_id=None,
        schema_name=settings.PUBLIC_SCHEMA_NAME,
    )
    transaction.on_commit(lambda: jobs_publish(ids=[job.pk]), robust=True)
    return job
