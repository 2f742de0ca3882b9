from tenants.selectors.jobs import platform_job_get
from tenants.selectors.memberships import organization_memberships_for_user
from tenants.selectors.organizations import (
    organization_get,
    organization_list,
    organization_overview,
    project_counts,
)

__all__ = [
    "organization_get",
    "organization_list",
    "organization_memberships_for_user",
    "organization_overview",
    "platform_job_get",
    "project_counts",
]
