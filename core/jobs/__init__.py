"""Background jobs: the Celery application. A worker: `python -m celery -A core.jobs worker`.

`core` holds the application and a task base that keeps the worker's database connection
clean between jobs; what makes a job belong to an organization is the tenancy layer's
(`tenants.jobs`), which needs the registry (docs/architecture.md, "Jobs").
"""

from core.jobs.app import app
from core.jobs.base import CleanConnectionTask

__all__ = ["CleanConnectionTask", "app"]
