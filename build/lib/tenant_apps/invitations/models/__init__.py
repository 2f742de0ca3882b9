from tenant_apps.invitations.models.invitation import Invitation, InvitationStatus

__all__ = ["Invitation", "InvitationStatus"]
