from tenant_apps.memberships.services.membership import (
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
    "member_remove",
    "member_role_set",
    "membership_add",
    "membership_remove",
    "membership_role_change",
    "ownership_transfer",
]
