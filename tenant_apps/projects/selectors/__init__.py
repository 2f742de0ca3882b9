from tenant_apps.projects.selectors.projects import (
    PERMISSIONS,
    project_get_for_user,
    project_list_for_user,
    project_permissions_list,
    user_can,
)

__all__ = [
    "PERMISSIONS",
    "project_get_for_user",
    "project_list_for_user",
    "project_permissions_list",
    "user_can",
]
