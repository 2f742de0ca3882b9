"""The lease of the job running in this process, for a long job to renew between its steps.

A worker claims a job for its task's `lease_seconds` (tenants/jobs/records.py); a row still
running after that is taken for lost (its worker killed mid-job) and run again by the relay.
A job that may outlast its lease calls `job_lease_renew()` now and then, outside of any
transaction of its own (the renewal must commit while the job goes on).
"""

from contextvars import ContextVar
from dataclasses import dataclass

from tenants.jobs.records import job_lease_extend


@dataclass(frozen=True)
class Lease:
    job_id: int
    seconds: float


current_lease: ContextVar[Lease | None] = ContextVar("job_lease", default=None)


def job_lease_renew() -> bool:
    """Push the running job's lease out by another full lease; False outside of a job, or
    when the lease had already expired and the relay took the job back (the caller should
    stop: another worker may be running it)."""
    lease = current_lease.get()
    if lease is None:
        return False
    return job_lease_extend(job_id=lease.job_id, lease_seconds=lease.seconds)
