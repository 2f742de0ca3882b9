from django.db import transaction
from django.utils import timezone

from core.errors import Conflict, DomainError
from shared_apps.accounts.models import User
from tenant_apps.invitations.models import Invitation, InvitationStatus
from tenant_apps.memberships.locks import team_lock
from tenant_apps.memberships.models import Membership, roles_invitable_by
from tenant_apps.memberships.selectors import member_require
from tenant_apps.projects.services import grants_revoke_for_user, projects_reassign
from tenants.active_schema import require_active
from tenants.models import MembershipIndex, Organization
from tenants.roles import Role


def _check_role(role: str) -> None:
    if role not in Role.values:
        raise DomainError(
            f"Unknown role {role!r}.", fields={"role": [f"Choose one of {Role.values}."]}
        )


def _is_last_owner(membership: Membership) -> bool:
    return (
        membership.role == Role.OWNER
        and not Membership.objects.filter(role=Role.OWNER).exclude(pk=membership.pk).exists()
    )


def invitations_lapse_for_inviter(*, inviter: User, role: str | None) -> None:
    """Revoke the pending invitations `inviter` sent that `role` (None: no longer a member)
    may not send. Policy: an invitation carries its inviter's authority, so it lapses when
    they lose it (removed, leaving, demoted below admin; owner-role invitations when an
    owner becomes an admin). Runs in the active schema, in the caller's transaction."""
    Invitation.objects.filter(invited_by=inviter, status=InvitationStatus.PENDING).exclude(
        role__in=roles_invitable_by(role)
    ).update(status=InvitationStatus.REVOKED, responded_at=timezone.now())


def _lock_account(user: User) -> None:
    """Lock the account's row until the commit: an erasure (which locks it for update) either
    finishes first, and then the account is gone, or waits for this membership."""
    if not User.objects.select_for_update(no_key=True).filter(pk=user.pk).exists():
        raise Conflict("This account was erased.", code="account_erased")


@transaction.atomic
def membership_add(*, organization: Organization, user: User, role: str) -> Membership:
    """Make `user` a member of `organization`: the tenant row and its public index row,
    in one transaction."""
    require_active(organization)
    _check_role(role)
    _lock_account(user)
    team_lock(schema_name=organization.schema_name)
    if Membership.objects.filter(user=user).exists():
        raise Conflict("This user is already a member.", code="already_member")
    membership = Membership.objects.create(user=user, role=role)
    MembershipIndex.objects.create(organization=organization, user=user, role=role)
    return membership


@transaction.atomic
def membership_role_change(*, organization: Organization, user: User, role: str) -> Membership:
    """Change a member's role (tenant row and index together). Becoming a viewer takes back
    change and delete grants, since viewers are read-only; pending invitations they sent
    for roles the new role may not invite are revoked."""
    require_active(organization)
    _check_role(role)
    team_lock(schema_name=organization.schema_name)  # "another owner is left" must stay true
    membership = member_require(user_id=user.pk)
    if _is_last_owner(membership) and role != Role.OWNER:
        raise Conflict("The last owner cannot be demoted.", code="last_owner")
    membership.role = role
    membership.save(update_fields=["role"])
    invitations_lapse_for_inviter(inviter=user, role=role)
    if role == Role.VIEWER:
        grants_revoke_for_user(user=user, only=("change", "delete"))
    MembershipIndex.objects.filter(organization=organization, user=user).update(role=role)
    return membership


@transaction.atomic
def membership_remove(*, organization: Organization, user: User) -> None:
    """Remove a member: their grants in this schema go, their projects go to the earliest
    remaining owner, their pending invitations are revoked, and the index row goes, all in
    one transaction."""
    require_active(organization)
    team_lock(schema_name=organization.schema_name)  # "another owner is left" must stay true
    membership = member_require(user_id=user.pk)
    if _is_last_owner(membership):
        raise Conflict("The last owner cannot be removed.", code="last_owner")
    heir = (
        Membership.objects.filter(role=Role.OWNER)
        .exclude(pk=membership.pk)
        .order_by("joined_at", "id")
        .select_related("user")
        .first()
    )
    if heir is None:
        raise Conflict("No owner is left to take over this member's projects.", code="no_owner")
    grants_revoke_for_user(user=user)
    projects_reassign(from_user=user, to_user=heir.user)
    invitations_lapse_for_inviter(inviter=user, role=None)
    membership.delete()
    MembershipIndex.objects.filter(organization=organization, user=user).delete()
