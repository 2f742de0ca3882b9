from tenants.selectors.memberships import organization_memberships_for_user

__all__ = ["organization_memberships_for_user"]
