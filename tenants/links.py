"""Links to an organization's primary domain, for mail (core/links.py says why mail links
carry the deployment's scheme and port rather than a request's)."""

from core.links import site_url
from tenants.models import Domain, Organization


def organization_hostname(organization: Organization) -> str:
    """The organization's primary domain (a custom one when it has been made primary)."""
    primary = (
        Domain.objects.filter(tenant=organization, is_primary=True)
        .values_list("domain", flat=True)
        .first()
    )
    return primary or organization.primary_hostname


def organization_link(organization: Organization, path: str) -> str:
    """A link on the organization's primary domain."""
    return site_url(organization_hostname(organization), path)
