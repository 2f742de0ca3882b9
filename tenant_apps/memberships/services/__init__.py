from tenant_apps.memberships.services.membership import (
    membership_add,
    membership_remove,
    membership_role_change,
)

__all__ = ["membership_add", "membership_remove", "membership_role_change"]
