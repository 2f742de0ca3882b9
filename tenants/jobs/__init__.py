"""Background jobs that belong to an organization (docs/architecture.md, "Jobs").

`enqueue(task, **kwargs)` records the job in `public` in the caller's transaction (an
outbox); after commit it is published to the broker, or by the relay if the broker was
down; a worker runs it in the organization's schema (`TenantTask`) once its organization
may be served.
"""

from tenants.jobs.cleanup import jobs_delete_finished
from tenants.jobs.enqueue import enqueue
from tenants.jobs.publish import jobs_publish, message_kwargs
from tenants.jobs.relay import jobs_relay
from tenants.jobs.schedule import schedule_fan_out
from tenants.jobs.task import TenantTask

__all__ = [
    "TenantTask",
    "enqueue",
    "jobs_delete_finished",
    "jobs_publish",
    "jobs_relay",
    "message_kwargs",
    "schedule_fan_out",
]
