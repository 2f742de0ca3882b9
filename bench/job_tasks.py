"""The no-op job of `make bench-jobs` (bench/jobs.py). Its worker imports this module
(`--include bench.job_tasks`), so it holds nothing but the task."""

from core.jobs import app
from tenants.jobs import TenantTask


@app.task(base=TenantTask, name="bench.jobs.noop", max_retries=0)
def noop(*, number: int) -> int:
    return number
