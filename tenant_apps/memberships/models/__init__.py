from tenant_apps.memberships.models.membership import Membership, Role, roles_invitable_by

__all__ = ["Membership", "Role", "roles_invitable_by"]
