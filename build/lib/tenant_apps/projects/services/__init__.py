from tenant_apps.projects.services.grants import (
    grants_revoke_for_user,
    project_grant,
    project_revoke,
)
from tenant_apps.projects.services.projects import (
    project_create,
    project_delete,
    project_restore,
    project_update,
    projects_reassign,
)

__all__ = [
    "grants_revoke_for_user",
    "project_create",
    "project_delete",
    "project_grant",
    "project_restore",
    "project_revoke",
    "project_update",
    "projects_reassign",
]
