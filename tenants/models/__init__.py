from tenants.models.membership_index import MembershipIndex
from tenants.models.organization import Domain, Organization, OrganizationStatus

__all__ = ["Domain", "MembershipIndex", "Organization", "OrganizationStatus"]
