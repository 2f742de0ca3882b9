"""The relay: publishes the jobs whose publish after commit failed (the broker was down),
whose retry is due, or whose worker was lost mid-job (their lease expired). Safe to run
anywhere and at once: rows are taken with SKIP LOCKED (tenants/jobs/publish.py). The
worker's beat runs it every JOBS_RELAY_SECONDS; `manage.py relay_jobs` runs it by hand."""

from core.jobs import CleanConnectionTask, app
from tenants.jobs.publish import BATCH, jobs_publish
from tenants.jobs.records import jobs_lease_expired_requeue


def jobs_relay(*, batch: int = BATCH) -> int:
    """Publish every due pending job, `batch` rows per transaction; returns how many were
    sent. Stops when a batch comes back short: the rest is locked by another relay, or
    the broker failed (the next run tries again)."""
    jobs_lease_expired_requeue()
    total = 0
    while True:
        sent = jobs_publish(batch=batch)
        total += sent
        if sent < batch:
            return total


@app.task(name="tenants.jobs.relay", base=CleanConnectionTask, ignore_result=True)
def relay() -> int:
    return jobs_relay()
