"""Topping the spare schemas up after a create, as a platform job (README "Background jobs").

The refill used to run on a daemon thread of the web process, lost whenever gunicorn
recycled the worker, and sharing the web server's CPU. A job runs it on a worker instead,
recorded in the create's own transaction: a rolled-back create enqueues nothing, and a
broker that is down leaves the row for the relay. Refills at once never build more than
TENANT_SPARE_SCHEMAS: `spare_schemas_fill` takes an advisory lock first, and a refill that
finds it taken does nothing (another is at work). It lives in the platform layer because the
schema engine may not reach the job outbox without an import cycle (tenants/jobs checks the
migration state, which reads the schema engine); the worker imports it by CELERY_IMPORTS.
"""

from django.conf import settings

from core.jobs import app
from tenants.jobs import PlatformTask, enqueue_platform
from tenants.models import Job
from tenants.schemas import spare_schemas_fill


@app.task(
    base=PlatformTask,
    name="spares.refill",
    purpose="spare schema refill",
    max_retries=3,
    retry_backoff=30,
)
def spares_refill() -> int:
    return spare_schemas_fill()


def spares_refill_queue() -> Job | None:
    """Have a job top the pool up once the current transaction commits: the create took a
    spare, or found none (the first organization of a code version, or a burst of creates).
    None when there is no pool to keep (TENANT_SPARE_SCHEMAS=0)."""
    if settings.TENANT_SPARE_SCHEMAS <= 0:
        return None
    return enqueue_platform(spares_refill)
