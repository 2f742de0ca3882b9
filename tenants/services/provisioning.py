"""Creating organizations: the only code that creates schemas.

Everything happens in one transaction. PostgreSQL DDL is transactional, so a failure at any
step leaves no organization row, no schema and no domain behind. The unique slug (and the
schema name derived from it) is the final guard against concurrent creates.
"""

import logging

from django.conf import settings
from django.core.management import call_command
from django.db import IntegrityError, OperationalError, connection, transaction

from core.errors import Conflict, ServiceUnavailable
from shared_apps.accounts.email_address import email_errors
from shared_apps.accounts.models import User
from shared_apps.accounts.services import owner_invite
from tenant_apps.memberships.services import membership_add
from tenants.models import Domain, Organization
from tenants.names import schema_name_for_slug
from tenants.roles import Role
from tenants.routing.cache import routing_changed
from tenants.schemas import (
    TemplateUnusable,
    build_from_template,
    discard_template,
    expected_migrations,
    lock_schema_names,
    record_migration_state,
    refill_after_commit,
    schema_create,
    schema_states,
    spare_take,
)
from tenants.services.registry import ensure_registry_is_free
from tenants.services.validation import (
    name_errors,
    raise_for_field_errors,
    slug_errors,
)

logger = logging.getLogger(__name__)
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

    owner = owner_invite(email=owner_email)
    _save_new(organization)
    _build_schema(organization)
    _add_primary_domain(organization)
    _add_owner(organization, owner)
    refill_after_commit()
    routing_changed()  # its hostname may be cached as unknown
    return organization


def _bound_lock_waits() -> None:
    """Wait at most PROVISIONING_LOCK_TIMEOUT for locks, then fail cleanly (503).

    A transaction that holds the same slug, or a lock on the registry, must not hang
    provisioning forever."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('lock_timeout', %s, true)", [settings.PROVISIONING_LOCK_TIMEOUT]
        )


def _save_new(organization: Organization) -> None:
    try:
        with transaction.atomic():
            organization.save()
    except IntegrityError as error:
        # Another create of the same slug committed first.
        raise Conflict(
            "An organization with this slug already exists.", code="slug_taken"
        ) from error


def _build_schema(organization: Organization) -> None:
    """A spare schema when one is ready (a rename), else a new schema built now."""
    if settings.TENANT_PROVISIONING != "migrations" and spare_take(organization.schema_name):
        _record_current_digest(organization)
        return
    schema_create(organization.schema_name)
    _migrate_schema(organization)


def _record_current_digest(organization: Organization) -> None:
    organization.migration_digest = record_migration_state(expected_migrations())
    organization.save(update_fields=["migration_digest"])


def _migrate_schema(organization: Organization) -> None:
    """Bring the new, empty schema to the code's migration state: from the schema template
    when there is a good one (milliseconds), else by running every migration."""
    if settings.TENANT_PROVISIONING != "migrations" and _build_from_template(organization):
        return
    _run_migrations(organization)


def _build_from_template(organization: Organization) -> bool:
    try:
        with transaction.atomic():
            build_from_template(organization.schema_name)
    except TemplateUnusable as error:
        logger.info("No schema template for %s (%s); running migrations.", organization.slug, error)
        return False
    except Exception:
        logger.exception(
            "The schema template failed for %s; discarding it and running migrations.",
            organization.slug,
        )
        discard_template()
        return False
    _record_current_digest(organization)
    return True


def _run_migrations(organization: Organization) -> None:
    try:
        call_command(
            "migrate_schemas",
            tenant=True,
            schema_name=organization.schema_name,
            interactive=False,
            verbosity=0,
        )
    finally:
        connection.set_schema_to_public()
    # "Fully migrated" means the same here as in the rollout (tenants.rollout.state).
    (state,) = schema_states(schemas=[organization.schema_name])
    if state.missing:
        raise ServiceUnavailable(
            f"{organization.schema_name} is missing migrations after provisioning.",
            code="not_migrated",
        )
    _record_current_digest(organization)


def _add_primary_domain(organization: Organization) -> None:
    Domain.objects.create(
        domain=organization.primary_hostname, tenant=organization, is_primary=True
    )


def _add_owner(organization: Organization, owner: User) -> None:
    with organization:
        membership_add(organization=organization, user=owner, role=Role.OWNER)
