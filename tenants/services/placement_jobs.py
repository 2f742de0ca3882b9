"""A move of an organization between Citus workers as a platform job: the copy takes as
long as the organization is large, which no HTTP call should wait for. The API refuses at
once what it can (tenants/services/placement.py, `move_precheck`) and answers 202 with the
job. The worker imports this module by CELERY_IMPORTS."""

from django.db import transaction

from core.errors import NotFound
from core.jobs import app
from tenants.jobs import PlatformTask, enqueue_platform
from tenants.models import Job, Organization
from tenants.services.placement import move_precheck, organization_move


@app.task(
    name="organizations.move",
    purpose="move of organization {organization_id} to {node}",
    base=PlatformTask,
    max_retries=0,  # a failed move leaves the organization where it was, for an admin to see
    lease_seconds=3600,
    keeps_result=True,
)
def organization_move_job(*, organization_id: int, node: str) -> dict:
    organization = Organization.objects.filter(pk=organization_id).first()
    if organization is None:  # purged meanwhile
        raise NotFound("No organization with this id.", code="organization_not_found")
    return {
        "slug": organization.slug,
        "node": organization_move(organization=organization, node=node),
    }


@transaction.atomic
def organization_move_queue(*, organization: Organization, node: str) -> Job:
    """Refuse at once a move that cannot happen, else have a job make it."""
    move_precheck(organization=organization, node=node)
    return enqueue_platform(organization_move_job, organization_id=organization.pk, node=node)
