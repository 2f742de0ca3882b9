from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from core.errors import DomainError, Forbidden, NotFound
from shared_apps.accounts.email_address import EmailAddressRefused, normalize_email_address
from shared_apps.accounts.models import User
from shared_apps.accounts.services import token_digest
from tenant_apps.invitations.models import Invitation, InvitationStatus
from tenant_apps.memberships.selectors import member_role
from tenants.roles import Role


def invitation_list_pending(*, actor: User) -> QuerySet[Invitation]:
    """Pending invitations, for owners and admins (they carry people's emails)."""
    if member_role(user=actor) not in {Role.OWNER, Role.ADMIN}:
        raise Forbidden("Only owners and admins can see invitations.")
    return Invitation.objects.filter(status=InvitationStatus.PENDING).select_related("invited_by")


def invitation_usable(*, token: object, for_update: bool = False) -> Invitation:
    """The pending invitation `token` opens in the active schema, or the error that says
    why it cannot be used (unknown, used, revoked, expired): one set of rules and messages
    for the API, the page, and the accept service (which locks the row: `for_update`)."""
    invitations = Invitation.objects.select_for_update() if for_update else Invitation.objects
    invitation = (
        invitations.filter(token_digest=token_digest(token)).first()
        if isinstance(token, str) and 0 < len(token) <= 256
        else None
    )
    if invitation is None:
        raise NotFound("No such invitation here.", code="invitation_not_found")
    if invitation.status == InvitationStatus.ACCEPTED:
        raise DomainError("This invitation was already used.", code="invitation_used")
    if invitation.status == InvitationStatus.REVOKED:
        raise DomainError("This invitation was revoked.", code="invitation_revoked")
    if invitation.status == InvitationStatus.EXPIRED or invitation.expires_at <= timezone.now():
        raise DomainError(
            "This invitation has expired; ask for a new one.", code="invitation_expired"
        )
    return invitation


def invitation_addressee(invitation: Invitation) -> str | None:
    """The address the invitation was sent to, normalized; None for one stored before
    addresses were normalized this way that holds a look-alike, which is nobody's."""
    try:
        return normalize_email_address(invitation.email)
    except EmailAddressRefused:
        return None


@dataclass(frozen=True)
class OpenedInvitation:
    invitation: Invitation
    has_account: bool  # an account exists for its address: the invitee signs in to accept


def invitation_open(*, token: object) -> OpenedInvitation:
    """What the page a mailed invitation opens needs to show, read without locking."""
    invitation = invitation_usable(token=token)
    addressee = invitation_addressee(invitation)
    has_account = addressee is not None and User.objects.filter(email=addressee).exists()
    return OpenedInvitation(invitation=invitation, has_account=has_account)
