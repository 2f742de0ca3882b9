from django.db.models import QuerySet

from core.errors import Forbidden
from shared_apps.accounts.models import User
from tenant_apps.invitations.models import Invitation, InvitationStatus
from tenant_apps.memberships.selectors import member_role
from tenants.roles import Role


def invitation_list_pending(*, actor: User) -> QuerySet[Invitation]:
    """Pending invitations, for owners and admins (they carry people's emails)."""
    if member_role(user=actor) not in {Role.OWNER, Role.ADMIN}:
        raise Forbidden("Only owners and admins can see invitations.")
    return Invitation.objects.filter(status=InvitationStatus.PENDING).select_related("invited_by")
