"""Custom domains of an organization. Hostnames are unique across all organizations."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http.request import validate_host

from core.errors import Conflict, DomainError, NotFound
from tenants.models import Domain, Organization
from tenants.names import normalize_hostname
from tenants.routing.cache import routing_changed


def reserved_for_slugs(hostname: str) -> bool:
    """Names under the base domain belong to organizations' own slugs and the platform."""
    base = settings.TENANT_BASE_DOMAIN
    return (
        hostname == base
        or hostname.endswith(f".{base}")
        or hostname in settings.PLATFORM_EXTRA_HOSTS
    )


def _clean_hostname(value: object) -> str:
    try:
        hostname = normalize_hostname(value)
    except ValidationError as error:
        raise DomainError("The domain is not valid.", fields={"domain": error.messages}) from error
    base = settings.TENANT_BASE_DOMAIN
    if reserved_for_slugs(hostname):
        raise DomainError(
            "The domain is not valid.",
            fields={"domain": [f"Domains under {base} are reserved for organization slugs."]},
        )
    if not validate_host(hostname, settings.ALLOWED_HOSTS):
        raise DomainError(
            "The domain is not valid.",
            fields={
                "domain": [
                    f"This deployment does not serve {hostname}: add it (or a pattern such "
                    "as .example.org) to TENANT_CUSTOM_DOMAINS first."
                ]
            },
        )
    return hostname


def _lock_domains_of(organization: Organization) -> None:
    """One change to an organization's domains at a time (its registry row locked until
    commit): which domain is primary, and whether the one being removed is, stay true
    until we commit, so it always has exactly one primary domain."""
    Organization.objects.select_for_update().filter(pk=organization.pk).first()


def _domain_of(organization: Organization, hostname: str) -> Domain:
    domain = Domain.objects.filter(tenant=organization, domain=hostname.lower()).first()
    if domain is None:
        raise NotFound("This organization has no such domain.")
    return domain


@transaction.atomic
def domain_add(*, organization: Organization, domain: object) -> Domain:
    hostname = _clean_hostname(domain)
    if Domain.objects.filter(domain=hostname).exists():
        raise Conflict(f"The domain {hostname} is already in use.", code="domain_taken")
    try:
        with transaction.atomic():
            added = Domain.objects.create(domain=hostname, tenant=organization, is_primary=False)
        routing_changed()
        return added
    except IntegrityError as error:
        raise Conflict(f"The domain {hostname} is already in use.", code="domain_taken") from error


@transaction.atomic
def domain_make_primary(*, organization: Organization, domain: str) -> Domain:
    _lock_domains_of(organization)
    chosen = _domain_of(organization, domain)
    chosen.is_primary = True
    chosen.save()  # DomainMixin.save() clears the previous primary
    routing_changed()
    return chosen


@transaction.atomic
def domain_remove(*, organization: Organization, domain: str) -> None:
    _lock_domains_of(organization)
    chosen = _domain_of(organization, domain)
    if chosen.is_primary:
        raise Conflict(
            "Choose another primary domain before removing this one.", code="primary_domain"
        )
    chosen.delete()
    routing_changed()
