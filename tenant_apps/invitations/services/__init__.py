from tenant_apps.invitations.services.expiry import invitations_expire_stale
from tenant_apps.invitations.services.invitations import (
    AcceptResult,
    invitation_accept,
    invitation_create,
    invitation_resend,
    invitation_revoke,
)

__all__ = [
    "AcceptResult",
    "invitation_accept",
    "invitation_create",
    "invitation_resend",
    "invitation_revoke",
    "invitations_expire_stale",
]
