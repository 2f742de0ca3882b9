"""Who sees which projects. Reads run in the active tenant schema.

owner/admin: every project. member and viewer: projects they hold a `view` grant on (the
creator of a project holds view/change/delete). Grants come from guardian's tables in this
schema only; global permissions in `public` and the superuser flag are ignored on purpose
(docs/architecture.md trap 8): a platform admin is an ordinary member inside an organization.
"""

from django.db.models import QuerySet
from guardian.models import UserObjectPermission
from guardian.shortcuts import get_objects_for_user

from core.errors import NotFound
from shared_apps.accounts.models import User
from tenant_apps.memberships.models import Membership
from tenant_apps.projects.models import Project
from tenants.roles import Role

PERMISSIONS = ("view", "change", "delete")
MANAGERS = {Role.OWNER, Role.ADMIN}
CODENAME_SUFFIX = "_project"


def codename(permission: str) -> str:
    """guardian's codename of a project permission: `view` -> `view_project`."""
    return f"{permission}{CODENAME_SUFFIX}"


def qualified(permission: str) -> str:
    """The name guardian's shortcuts take: `view` -> `projects.view_project`."""
    return f"projects.{codename(permission)}"


def _permission_of(name: str) -> str:
    return name.removesuffix(CODENAME_SUFFIX)


def _grants_on(project: Project) -> QuerySet[UserObjectPermission]:
    return UserObjectPermission.objects.filter(
        object_pk=str(project.pk), content_type__app_label="projects", content_type__model="project"
    )


def _projects(*, deleted: bool | None) -> QuerySet[Project]:
    projects = Project.objects.select_related("owner")
    return projects if deleted is None else projects.filter(is_deleted=deleted)


def project_list_for_user(
    *, user: User, membership: Membership, deleted: bool | None = False
) -> QuerySet[Project]:
    projects = _projects(deleted=deleted)
    if membership.role in MANAGERS:
        return projects
    return get_objects_for_user(
        user,
        qualified("view"),
        klass=projects,
        use_groups=False,
        with_superuser=False,
        accept_global_perms=False,
    )


def project_get_for_user(
    *, user: User, membership: Membership, project_id: int, deleted: bool | None = False
) -> Project:
    """The project if the user may see it; 404 otherwise, whether or not it exists."""
    project = (
        project_list_for_user(user=user, membership=membership, deleted=deleted)
        .filter(pk=project_id)
        .first()
    )
    if project is None:
        raise NotFound("No project with this id.")
    return project


def _granted(user: User, project: Project) -> set[str]:
    codenames = _grants_on(project).filter(user=user).values_list("permission__codename", flat=True)
    return {_permission_of(name) for name in codenames}


def user_can(*, user: User, membership: Membership, project: Project, action: str) -> bool:
    """`action` is view, change, delete or manage (grant and revoke)."""
    if membership.role in MANAGERS:
        return True
    if membership.role == Role.VIEWER:
        return action == "view" and "view" in _granted(user, project)
    if action == "manage":
        return project.owner_id == user.pk
    return action in _granted(user, project)


def project_permissions_list(*, project: Project) -> list[dict]:
    rows = (
        _grants_on(project)
        .select_related("user", "permission")
        .order_by("user_id", "permission__codename")
    )
    holders: dict[int, dict] = {}
    for row in rows:
        holder = holders.setdefault(
            row.user_id, {"user_id": row.user_id, "email": row.user.email, "permissions": []}
        )
        holder["permissions"].append(_permission_of(row.permission.codename))
    return list(holders.values())
