"""The platform's jobs, as the platform API shows them."""

from core.errors import NotFound
from tenants.models import Job


def platform_job_get(*, job_id: int) -> Job:
    """A platform job (one of no organization: a purge, a restore). An organization's jobs
    are not the platform API's to show: their arguments belong to that organization."""
    job = Job.objects.filter(pk=job_id, organization_id__isnull=True).first()
    if job is None:
        raise NotFound("No platform job with this id.", code="job_not_found")
    return job
