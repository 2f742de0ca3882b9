from tenant_apps.memberships.selectors.membership import (
    member_get,
    member_list,
    member_role,
    membership_of_request,
)

__all__ = ["member_get", "member_list", "member_role", "membership_of_request"]
