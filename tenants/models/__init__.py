from tenants.models.organization import Domain, Organization

__all__ = ["Domain", "Organization"]
