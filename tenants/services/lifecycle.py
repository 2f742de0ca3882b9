"""Status changes of an organization. Its data is never touched here."""

from django.db import transaction

from core.errors import Conflict
from tenants.models import Organization, OrganizationStatus
from tenants.routing.cache import routing_changed
from tenants.services.limits import UNSET, organization_limits_set
from tenants.services.validation import name_errors, raise_for_field_errors

ALLOWED_TRANSITIONS = {
    # suspended: the domain answers 403; archived: it stops resolving (404), the schema stays.
    # Archiving a suspended organization goes straight there: reactivating it first would
    # open it to its members for a moment.
    OrganizationStatus.SUSPENDED: {OrganizationStatus.ACTIVE, OrganizationStatus.ARCHIVED},
    OrganizationStatus.ACTIVE: {OrganizationStatus.SUSPENDED, OrganizationStatus.ARCHIVED},
    OrganizationStatus.ARCHIVED: {OrganizationStatus.ACTIVE},
}


def _change_status(organization: Organization, status: str) -> Organization:
    # Lock the row so two admins cannot race a transition.
    locked = Organization.objects.select_for_update().get(pk=organization.pk)
    if locked.status == status or status not in ALLOWED_TRANSITIONS[locked.status]:
        raise Conflict(
            f"The organization is {locked.status}; it cannot become {status}.",
            code="invalid_transition",
        )
    locked.status = status
    locked.save(update_fields=["status", "updated_at"])
    routing_changed()
    return locked


@transaction.atomic
def organization_suspend(*, organization: Organization) -> Organization:
    return _change_status(organization, OrganizationStatus.SUSPENDED)


@transaction.atomic
def organization_reactivate(*, organization: Organization) -> Organization:
    """Back to active, from suspended or archived."""
    return _change_status(organization, OrganizationStatus.ACTIVE)


@transaction.atomic
def organization_archive(*, organization: Organization) -> Organization:
    """Stop serving the organization at once; its schema and slug are kept."""
    return _change_status(organization, OrganizationStatus.ARCHIVED)


@transaction.atomic
def organization_rename(*, organization: Organization, name: str) -> Organization:
    """Change the display name; the slug and the schema never change."""
    raise_for_field_errors(name=name_errors(name))
    organization.name = name.strip()
    organization.save(update_fields=["name", "updated_at"])
    routing_changed()
    return organization


@transaction.atomic
def organization_change(
    *, organization: Organization, name: object = UNSET, **limits
) -> Organization:
    """The platform API's PATCH: a new name and/or a plan and limits overrides
    (tenants/services/limits.py), all or nothing."""
    if name is not UNSET:
        organization = organization_rename(organization=organization, name=name)
    return organization_limits_set(organization=organization, **limits)
