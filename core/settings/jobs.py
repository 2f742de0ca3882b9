"""Background jobs: Celery's settings (the `CELERY_` names; core/jobs reads them).

Redis is the broker (REDIS_URL, or CELERY_BROKER_URL when the queue lives elsewhere). With no
broker configured, jobs run eagerly: in the process that enqueued them, right after its
transaction commits (README "Background jobs").
"""

import os
import tempfile
from pathlib import Path

from celery.schedules import crontab

CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or os.environ.get("REDIS_URL") or None
CELERY_TASK_ALWAYS_EAGER = (
    os.environ.get("CELERY_TASK_ALWAYS_EAGER", "0" if CELERY_BROKER_URL else "1") == "1"
)
# A broker that is down must not hold a request: the publish after commit gives up at once
# (the relay publishes the job later), and a dead connection is noticed within seconds.
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 10}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_PUBLISH_RETRY = False
# The queue jobs are published to; a worker publishes too (a retry, an organization's next
# job), so a worker serving another queue (the tests', a benchmark's) names it here.
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("JOBS_QUEUE", "jobs")
CELERY_TASK_IGNORE_RESULT = True  # outcomes live on the job's row (tenants.models.Job)
CELERY_TASK_SERIALIZER = CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# Jobs outside an app's `jobs` module, which the worker would not find by itself: platform
# jobs live with the platform's services (docs/architecture.md, "Jobs").
CELERY_IMPORTS = [
    "tenants.services.backup_jobs",
    "tenants.services.erasure_jobs",
    "tenants.services.backup_schedule",
    "tenants.services.owner_mail",
    "tenants.services.placement_jobs",
    "tenants.services.spare_refill",
]
# Jobs run at once by one worker (Celery's default: the number of CPUs).
if os.environ.get("WORKER_CONCURRENCY"):
    CELERY_WORKER_CONCURRENCY = int(os.environ["WORKER_CONCURRENCY"])
# One job at a time per worker process: a long job never holds others it has prefetched.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# The worker logs through LOGGING (JSON lines in production), not Celery's own handlers.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Fairness between organizations (tenants/jobs/fairness.py): an organization's jobs handed to
# the broker and not finished; the rest wait in the outbox. 0: no cap, first come first served.
JOBS_IN_FLIGHT_PER_ORGANIZATION = int(os.environ.get("JOBS_IN_FLIGHT_PER_ORGANIZATION", "20"))
# The relay (tenants/jobs/relay.py) publishes the jobs whose publish after commit failed.
JOBS_RELAY_SECONDS = float(os.environ.get("JOBS_RELAY_SECONDS", "10"))
# A claimed job's lease (tenants/jobs/lease.py): a row still running after it lost its
# worker, and the relay runs it again. Longer than any job that does not renew it.
JOBS_LEASE_SECONDS = float(os.environ.get("JOBS_LEASE_SECONDS", "600"))
# Scheduled backups (tenants/services/backup_schedule.py) start over this long each night.
TENANT_BACKUP_WINDOW_SECONDS = float(os.environ.get("TENANT_BACKUP_WINDOW_SECONDS", "14400"))
CELERY_BEAT_SCHEDULE = {
    "relay-jobs": {
        "task": "tenants.jobs.relay",
        "schedule": JOBS_RELAY_SECONDS,
        # Workers that were down do not find a pile of relays: one run catches up anyway.
        "options": {"expires": JOBS_RELAY_SECONDS},
    },
    # Daily chores per organization (tenants/jobs/schedule.py): one job per active
    # organization and day, whichever workers' beats fire. A clock time, not an interval
    # from the worker's start: workers restarted more often than daily would never get there.
    "purge-deleted-projects": {
        "task": "tenants.jobs.fan_out",
        "schedule": crontab(hour=3, minute=15),
        "args": ("projects.purge_deleted", 86400),
        "options": {"expires": 3600},
    },
    # Daily, not hourly: an invitation is refused the moment it expires; the chore only
    # takes it off the pending list. Hourly would be 24 outbox rows per organization a day.
    "expire-stale-invitations": {
        "task": "tenants.jobs.fan_out",
        "schedule": crontab(hour=3, minute=5),
        "args": ("invitations.expire_stale", 86400),
        "options": {"expires": 3600},
    },
    # Every active organization's backup, their starts spread over the window from 01:00.
    "back-up-organizations": {
        "task": "tenants.backups.schedule",
        "schedule": crontab(hour=1, minute=0),
        "args": (TENANT_BACKUP_WINDOW_SECONDS,),
        "options": {"expires": 3600},
    },
    "delete-finished-jobs": {
        "task": "tenants.jobs.cleanup",
        "schedule": crontab(hour=3, minute=45),
        "options": {"expires": 3600},
    },
}
# Erasing a user in more organizations than this is a job (202) instead of a 204 at once:
# one visit per schema, all in one transaction (tenants/services/erasure_jobs.py).
ERASE_INLINE_ORGANIZATIONS = int(os.environ.get("ERASE_INLINE_ORGANIZATIONS", "10"))
# Soft-deleted projects are purged for good (with their grants) this many days after.
PROJECT_RETENTION_DAYS = float(os.environ.get("PROJECT_RETENTION_DAYS", "30"))
# Finished jobs' rows (succeeded, failed, dropped) are kept this long, then deleted.
JOBS_RETENTION_DAYS = float(os.environ.get("JOBS_RETENTION_DAYS", "30"))
# beat's state file: the image's working directory is read-only for its user.
CELERY_BEAT_SCHEDULE_FILENAME = str(Path(tempfile.gettempdir()) / "tenantry-celerybeat-schedule")
