from tenants.models.membership_index import MembershipIndex
from tenants.models.organization import Domain, Organization, OrganizationStatus
from tenants.models.schema_template import SchemaTemplate

__all__ = ["Domain", "MembershipIndex", "Organization", "OrganizationStatus", "SchemaTemplate"]
