"""The projects' scheduled chore: one job per active organization and day (the fan-out in
tenants/jobs/schedule.py, on beat's schedule in core/settings/jobs.py)."""

from django.conf import settings

from core.jobs import app
from tenant_apps.projects.services.purge import projects_purge_deleted
from tenants.jobs import TenantTask


@app.task(
    base=TenantTask,
    name="projects.purge_deleted",
    purpose="purge of projects deleted over the retention ({period})",
    max_retries=2,
)
def purge_deleted_projects(*, period: str) -> int:
    """`period` names the schedule's run (the fan-out's one job per organization); the
    purge itself is idempotent, so a run of any period may repeat."""
    return projects_purge_deleted(older_than_days=settings.PROJECT_RETENTION_DAYS)
