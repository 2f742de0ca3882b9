from tenant_apps.memberships.models.membership import Membership, roles_invitable_by

__all__ = ["Membership", "roles_invitable_by"]
