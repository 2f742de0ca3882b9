from tenant_apps.projects.selectors.projects import (
    PERMISSIONS,
    codename,
    project_get_for_user,
    project_list_for_user,
    project_permissions_list,
    qualified,
    user_can,
)

__all__ = [
    "PERMISSIONS",
    "codename",
    "project_get_for_user",
    "project_list_for_user",
    "project_permissions_list",
    "qualified",
    "user_can",
]
