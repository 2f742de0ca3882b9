from tenant_apps.memberships.models.membership import Membership, Role

__all__ = ["Membership", "Role"]
