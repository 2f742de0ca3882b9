"""Creating organizations: the only code that creates schemas.

Everything happens in one transaction. PostgreSQL DDL is transactional, so a failure at any
step leaves no organization row, no schema and no domain behind.
"""

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection, transaction
from psycopg import sql

from core.errors import Conflict, DomainError
from shared_apps.accounts.models import User
from tenant_apps.memberships.models import Role
from tenant_apps.memberships.services import membership_add
from tenants.models import Domain, Organization
from tenants.names import schema_name_for_slug, validate_organization_slug


@transaction.atomic
def organization_create(*, name: str, slug: str, owner: User) -> Organization:
    """Create an organization with its schema (fully migrated), primary domain and owner."""
    try:
        validate_organization_slug(slug)
    except ValidationError as error:
        raise DomainError("The slug is not valid.", fields={"slug": error.messages}) from error

    organization = Organization(name=name, slug=slug, schema_name=schema_name_for_slug(slug))
    try:
        organization.full_clean()
    except ValidationError as error:
        raise DomainError.from_validation_error(error) from error
    if _schema_exists(organization.schema_name):
        # Never adopt a schema we did not create: it may hold a former customer's data.
        raise Conflict(
            f"A schema named {organization.schema_name!r} already exists.", code="schema_exists"
        )

    organization.save()
    _create_schema(organization.schema_name)
    _migrate_schema(organization.schema_name)
    Domain.objects.create(
        domain=organization.primary_hostname, tenant=organization, is_primary=True
    )
    membership_add(organization=organization, user=owner, role=Role.OWNER)
    return organization


def _schema_exists(schema_name: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", [schema_name])
        return cursor.fetchone() is not None


def _create_schema(schema_name: str) -> None:
    # No IF NOT EXISTS: a schema that appeared since the check must fail the transaction.
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema_name)))


def _migrate_schema(schema_name: str) -> None:
    call_command(
        "migrate_schemas",
        tenant=True,
        schema_name=schema_name,
        interactive=False,
        verbosity=0,
    )
    connection.set_schema_to_public()
