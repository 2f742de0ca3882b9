"""What members may do to each other (the rules of the members API).

- owners change any role; admins change members, viewers and admins, never owners, and
  cannot make owners; members and viewers change nobody.
- nobody raises their own role; lowering it is fine.
- the last owner cannot be demoted, removed or leave (enforced underneath, in membership).
- anyone may leave; owners remove anyone, admins anyone but owners.
- ownership transfer is explicit: the target becomes owner, the caller becomes admin.

Each takes the team lock before reading the roles it decides on: two owners acting at once
are served one after the other, the second seeing what the first did.
"""

from django.db import transaction

from core.errors import DomainError, Forbidden
from shared_apps.accounts.models import User
from tenant_apps.memberships.locks import team_lock
from tenant_apps.memberships.models import Membership
from tenant_apps.memberships.selectors import member_require, member_role
from tenant_apps.memberships.services.membership import (
    membership_remove,
    membership_role_change,
)
from tenants.active_schema import require_active
from tenants.models import Organization
from tenants.roles import Role

RANK = {Role.VIEWER: 0, Role.MEMBER: 1, Role.ADMIN: 2, Role.OWNER: 3}


@transaction.atomic
def member_role_set(
    *, organization: Organization, actor: User, user_id: int, role: str
) -> Membership:
    require_active(organization)
    team_lock(schema_name=organization.schema_name)
    actor_role, target = member_role(user=actor), member_require(user_id=user_id)
    if role not in RANK:
        raise DomainError("Unknown role.", fields={"role": [f"Choose one of {Role.values}."]})
    if target.user_id == actor.pk and RANK[role] > RANK[actor_role]:
        raise Forbidden("Nobody can raise their own role.")
    if target.user_id != actor.pk:
        if actor_role not in {Role.OWNER, Role.ADMIN}:
            raise Forbidden("Only owners and admins change roles.")
        if actor_role == Role.ADMIN and Role.OWNER in {target.role, role}:
            raise Forbidden("Only owners change owners or make new ones.")
    return membership_role_change(organization=organization, user=target.user, role=role)


@transaction.atomic
def member_remove(*, organization: Organization, actor: User, user_id: int) -> None:
    require_active(organization)
    team_lock(schema_name=organization.schema_name)
    actor_role, target = member_role(user=actor), member_require(user_id=user_id)
    if target.user_id != actor.pk:
        if actor_role not in {Role.OWNER, Role.ADMIN}:
            raise Forbidden("Only owners and admins remove members.")
        if actor_role == Role.ADMIN and target.role == Role.OWNER:
            raise Forbidden("Admins cannot remove owners.")
    membership_remove(organization=organization, user=target.user)


@transaction.atomic
def ownership_transfer(*, organization: Organization, actor: User, user_id: int) -> Membership:
    require_active(organization)
    team_lock(schema_name=organization.schema_name)
    actor_role, target = member_role(user=actor), member_require(user_id=user_id)
    if actor_role != Role.OWNER:
        raise Forbidden("Only an owner can transfer ownership.")
    if target.user_id == actor.pk:
        raise DomainError(
            "Choose another member to take over.", fields={"user_id": ["That is you."]}
        )
    new_owner = membership_role_change(organization=organization, user=target.user, role=Role.OWNER)
    membership_role_change(organization=organization, user=actor, role=Role.ADMIN)
    return new_owner
