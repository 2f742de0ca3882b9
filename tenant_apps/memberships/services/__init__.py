from tenant_apps.memberships.services.membership import membership_add

__all__ = ["membership_add"]
