"""Background jobs that belong to an organization (docs/architecture.md, "Jobs").

`enqueue(task, **kwargs)` records the job in `public` in the caller's transaction (an
outbox); after commit it is published to the broker, or by the relay if the broker was
down; a worker runs it in the organization's schema (`TenantTask`) once its organization
may be served. A platform job, which belongs to no organization, takes the same way with
`enqueue_platform` and runs on `public` (`PlatformTask`).
"""

from tenants.jobs.cleanup import jobs_delete_finished
from tenants.jobs.enqueue import enqueue, enqueue_platform
from tenants.jobs.lease import job_lease_renew
from tenants.jobs.publish import jobs_publish, message_kwargs
from tenants.jobs.relay import jobs_relay
from tenants.jobs.schedule import schedule_fan_out
from tenants.jobs.task import PlatformTask, TenantTask

__all__ = [
    "PlatformTask",
    "TenantTask",
    "enqueue",
    "enqueue_platform",
    "job_lease_renew",
    "jobs_delete_finished",
    "jobs_publish",
    "jobs_relay",
    "message_kwargs",
    "schedule_fan_out",
]
