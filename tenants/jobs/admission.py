"""Whether a job may run in its organization now: the routing middleware's rules for a
request (tenants/routing/middleware.py), read fresh from the registry for every job."""

from dataclasses import dataclass

from tenants.models import Organization, OrganizationStatus
from tenants.rollout.state import schema_serves_this_code


@dataclass(frozen=True)
class Refusal:
    code: str
    later: bool  # True: retry once the cause has passed; False: drop the job


MISSING = Refusal("organization_missing", later=False)
ARCHIVED = Refusal("organization_archived", later=False)
SUSPENDED = Refusal("organization_suspended", later=False)
MIGRATING = Refusal("organization_migrating", later=True)


def job_admission(*, organization_id: int, schema_name: str) -> Organization | Refusal:
    """The organization to run in, or why not. Its id and schema name must both match: a
    purged organization's slug taken again is another organization, never this job's."""
    organization = Organization.objects.filter(pk=organization_id).first()
    if organization is None or organization.schema_name != schema_name:
        return MISSING
    if organization.status == OrganizationStatus.ARCHIVED:
        return ARCHIVED
    if organization.status == OrganizationStatus.SUSPENDED:
        return SUSPENDED
    if not schema_serves_this_code(organization.migration_digest):
        return MIGRATING
    return organization
