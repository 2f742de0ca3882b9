from tenant_apps.memberships.services.membership import (
    invitations_lapse_for_inviter,
    membership_add,
    membership_remove,
    membership_role_change,
)
from tenant_apps.memberships.services.team import (
    member_remove,
    member_role_set,
    ownership_transfer,
)

__all__ = [
    "invitations_lapse_for_inviter",
    "member_remove",
    "member_role_set",
    "membership_add",
    "membership_remove",
    "membership_role_change",
    "ownership_transfer",
]
