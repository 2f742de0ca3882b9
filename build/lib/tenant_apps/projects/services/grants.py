"""Object permissions on projects, through guardian, inside the active tenant schema."""

from django.db import transaction
from guardian.models import UserObjectPermission
from guardian.shortcuts import assign_perm, remove_perm

from core.errors import DomainError, NotFound
from core.validation import choice_errors, raise_for_field_errors
from shared_apps.accounts.models import User
from tenant_apps.memberships.locks import team_lock
from tenant_apps.memberships.selectors import member_require
from tenant_apps.projects.models import Project
from tenant_apps.projects.selectors import PERMISSIONS, codename, qualified
from tenant_apps.projects.services.projects import require_project_permission
from tenants.roles import Role


@transaction.atomic
def project_grant(*, actor: User, project: Project, user_id: object, permission: object) -> None:
    """Give a member `view`, `change` or `delete` on a project (idempotent). Viewers are
    read-only, so they can only receive `view`."""
    require_project_permission(actor, project, "manage")
    raise_for_field_errors(permission=choice_errors(permission, choices=list(PERMISSIONS)))
    team_lock(shared=True)  # the grantee stays a member, in this role, until we commit
    member = member_require(user_id=user_id, field="user_id")
    if member.role == Role.VIEWER and permission != "view":
        raise DomainError(
            "Viewers are read-only.", fields={"permission": ["Viewers can only be given view."]}
        )
    assign_perm(qualified(permission), member.user, project)


@transaction.atomic
def project_revoke(*, actor: User, project: Project, user_id: int, permission: str) -> None:
    require_project_permission(actor, project, "manage")
    if permission not in PERMISSIONS:
        raise NotFound("No such permission.")
    user = User.objects.filter(pk=user_id).first()
    if user is not None:
        remove_perm(qualified(permission), user, project)


@transaction.atomic
def grants_revoke_for_user(*, user: User, only: tuple[str, ...] | None = None) -> int:
    """Remove the user's grants in this schema (all, or only the given permissions)."""
    grants = UserObjectPermission.objects.filter(user=user)
    if only is not None:
        grants = grants.filter(permission__codename__in=[codename(name) for name in only])
    deleted, _ = grants.delete()
    return deleted
