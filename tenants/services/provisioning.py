"""Creating organizations: the registry rows, the schema (built by the schema engine,
tenants.schemas.build), the primary domain and the owner.

Everything happens in one transaction. PostgreSQL DDL is transactional, so a failure at any
step leaves no organization row, no schema and no domain behind. The unique slug (and the
schema name derived from it) is the final guard against concurrent creates.
"""

from django.conf import settings
from django.db import IntegrityError, OperationalError, transaction

from core.db.timeouts import lock_timeout_for_this_transaction
from core.errors import Conflict, ServiceUnavailable
from shared_apps.accounts.email_address import email_errors
from shared_apps.accounts.models import User
from shared_apps.accounts.services import owner_account
from tenant_apps.memberships.services import membership_add
from tenants.models import Domain, Organization
from tenants.names import schema_name_for_slug
from tenants.roles import Role
from tenants.routing.cache import routing_changed
from tenants.schemas import lock_schema_names, schema_build
from tenants.services.owner_mail import owner_password_mail_queue
from tenants.services.registry import ensure_registry_is_free
from tenants.services.spare_refill import spares_refill_queue
from tenants.services.validation import (
    name_errors,
    raise_for_field_errors,
    slug_errors,
)

LOCK_NOT_AVAILABLE = "55P03"


def organization_create(*, name: str, slug: str, owner_email: str) -> Organization:
    """Create an organization: its schema with every tenant migration applied, its primary
    domain `<slug>.<TENANT_BASE_DOMAIN>`, and its owner (an existing user, or a new
    inactive one who is emailed a link to set a password)."""
    try:
        return _organization_create(name=name, slug=slug, owner_email=owner_email)
    except OperationalError as error:
        if getattr(error.__cause__, "sqlstate", None) != LOCK_NOT_AVAILABLE:
            raise
        raise ServiceUnavailable(
            "The database is busy; nothing was created. Try again in a moment.", code="busy"
        ) from error


@transaction.atomic
def _organization_create(*, name: str, slug: str, owner_email: str) -> Organization:
    raise_for_field_errors(
        name=name_errors(name), slug=slug_errors(slug), owner_email=email_errors(owner_email)
    )
    organization = Organization(
        name=name.strip(), slug=slug, schema_name=schema_name_for_slug(slug)
    )
    _bound_lock_waits()
    lock_schema_names(organization.schema_name)
    ensure_registry_is_free(organization=organization)

    owner, owner_is_new = owner_account(email=owner_email)
    if owner_is_new:  # sent by a job after the commit, or not at all if this rolls back
        owner_password_mail_queue(user=owner)
    _save_new(organization)
    organization.migration_digest = schema_build(schema_name=organization.schema_name)
    organization.save(update_fields=["migration_digest"])
    spares_refill_queue()  # the build took a spare, or found none
    _add_primary_domain(organization)
    _add_owner(organization, owner)
    routing_changed()  # its hostname may be cached as unknown
    return organization


def _bound_lock_waits() -> None:
    """Wait at most PROVISIONING_LOCK_TIMEOUT for locks, then fail cleanly (503).

    A transaction that holds the same slug, or a lock on the registry, must not hang
    provisioning forever."""
    lock_timeout_for_this_transaction(settings.PROVISIONING_LOCK_TIMEOUT)


def _save_new(organization: Organization) -> None:
    try:
        with transaction.atomic():
            organization.save()
    except IntegrityError as error:
        # Another create of the same slug committed first.
        raise Conflict(
            "An organization with this slug already exists.", code="slug_taken"
        ) from error


def _add_primary_domain(organization: Organization) -> None:
    Domain.objects.create(
        domain=organization.primary_hostname, tenant=organization, is_primary=True
    )


def _add_owner(organization: Organization, owner: User) -> None:
    with organization:
        membership_add(organization=organization, user=owner, role=Role.OWNER)
