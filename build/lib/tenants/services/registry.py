"""The registry's names: before an organization is created or restored, its slug, primary
domain and schema name must all be free."""

from core.errors import Conflict
from tenants.models import Domain, Organization
from tenants.schemas import SchemaExists, schema_exists


def ensure_registry_is_free(*, organization: Organization) -> None:
    """Friendly conflicts before any write; the constraints still decide under a race (the
    caller holds the schema-name locks, tenants.schemas.lock_schema_names)."""
    if Organization.objects.filter(slug=organization.slug).exists():
        raise Conflict(
            "An organization with this slug already exists (it may be archived).", code="slug_taken"
        )
    if Domain.objects.filter(domain=organization.primary_hostname).exists():
        raise Conflict(
            f"The domain {organization.primary_hostname} is already in use.", code="domain_taken"
        )
    if schema_exists(organization.schema_name):
        raise SchemaExists(organization.schema_name)
