from tenant_apps.memberships.selectors.membership import (
    member_list,
    member_require,
    member_role,
    membership_of_request,
)

__all__ = ["member_list", "member_require", "member_role", "membership_of_request"]
