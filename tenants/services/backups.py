"""Purge (backup, verify, drop) and restore of archived organizations. The backup's files:
tenants/services/backup_files.py."""

import json
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from core.db.timeouts import lift_statement_timeout_for_this_transaction
from core.errors import Conflict, DomainError, NotFound
from tenant_apps.memberships.models import Membership
from tenants.models import Domain, MembershipIndex, Organization, OrganizationStatus
from tenants.names import schema_name_for_slug
from tenants.routing.cache import routing_changed
from tenants.schemas import lock_schema_names, schema_drop, schema_replace, schema_restore
from tenants.selectors.user_references import dangling_user_references
from tenants.services.backup_files import (
    BACKUP_NAME,
    backup_dir,
    backup_path,
    dump_verified,
    manifest_path,
    manifest_write,
    sha256_of,
)
from tenants.services.domains import reserved_for_slugs
from tenants.services.registry import ensure_registry_is_free
from tenants.services.spare_refill import spares_refill_queue
from tenants.services.validation import raise_for_field_errors, slug_errors


@transaction.atomic
def organization_purge(*, organization: Organization) -> Path:
    """Back up an archived organization's schema, verify the file, then drop the schema and
    its registry rows. Returns the path of the dump."""
    lift_statement_timeout_for_this_transaction()  # a large schema takes time to drop
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    purge_precheck(organization=organization)

    dump = backup_path(organization.slug)
    dump_verified(organization.schema_name, dump, untouched="nothing was dropped")
    manifest_write(organization, dump, purged_at=timezone.now().isoformat())

    schema_drop(organization.schema_name)
    organization.delete()  # its domains and membership index rows cascade
    routing_changed()
    return dump


def _load_backup(name: object) -> tuple[Path, dict]:
    if not isinstance(name, str) or not BACKUP_NAME.match(name):
        raise DomainError(
            "Name a backup file of the backup folder.",
            fields={"backup": ["Not a backup file name."]},
        )
    dump = backup_dir() / name
    if not dump.is_file() or not manifest_path(dump).is_file():
        raise NotFound(f"No backup named {name}.", code="backup_not_found")
    manifest = json.loads(manifest_path(dump).read_text())
    if sha256_of(dump) != manifest.get("sha256"):
        raise DomainError("The backup file does not match its checksum.", code="backup_corrupt")
    return dump, manifest


def restore_precheck(*, backup: object, slug: object = None) -> str:
    """What a restore can refuse before any work, so that an API caller hears it at once:
    an unknown or tampered backup, an invalid or taken slug. Returns the slug to restore
    under. The restore checks all of it again under its locks."""
    _dump, manifest = _load_backup(backup)
    slug = slug or manifest["slug"]
    raise_for_field_errors(slug=slug_errors(slug))
    ensure_registry_is_free(
        organization=Organization(
            name=manifest["name"], slug=slug, schema_name=schema_name_for_slug(slug)
        )
    )
    return slug


def purge_precheck(*, organization: Organization) -> None:
    if organization.status != OrganizationStatus.ARCHIVED:
        raise Conflict(
            "Only archived organizations can be purged; archive it first.", code="not_archived"
        )


@dataclass(frozen=True)
class Restored:
    organization: Organization
    # A copy's custom domains that stay with the live organization they route to.
    domains_left_out: list[str]


@transaction.atomic
def organization_restore(*, backup: object, slug: object = None) -> Restored:
    """Restore an organization from its backup, under its old slug or a new one: a purged
    organization, or a copy of a live one beside it (under a new slug; the live
    organization's custom domains stay with it)."""
    lift_statement_timeout_for_this_transaction()  # replaying a large backup takes time
    dump, manifest = _load_backup(backup)
    slug = slug or manifest["slug"]
    raise_for_field_errors(slug=slug_errors(slug))
    organization = Organization(
        name=manifest["name"], slug=slug, schema_name=schema_name_for_slug(slug)
    )
    original_schema = manifest["schema_name"]
    lock_schema_names(organization.schema_name, original_schema)
    ensure_registry_is_free(organization=organization)
    custom_domains, left_out = _custom_domains_are_free(manifest)
    organization.migration_digest = schema_restore(
        schema_name=organization.schema_name, script=dump.read_text(), dumped_as=original_schema
    )
    _ensure_every_user_exists(organization.schema_name)
    organization.save()
    _restore_domains(organization, custom_domains)
    _rebuild_membership_index(organization)
    routing_changed()
    spares_refill_queue()  # the replay took a spare, or found none
    return Restored(organization=organization, domains_left_out=left_out)


def restore_in_place_precheck(
    *, organization: Organization, backup: object, confirm: object
) -> None:
    """What a restore in place refuses before any work: an active organization (its users
    would write into the schema being replaced), a backup of another organization or a bad
    one, and a confirmation that is not the organization's slug. The restore checks the
    first two again under its locks."""
    _check_replaceable(organization, _load_backup(backup)[1])
    if confirm != organization.slug:
        raise DomainError(
            "Type the organization's slug to confirm: its data is replaced by the backup's.",
            fields={"confirm": [f"Must be {organization.slug}."]},
        )


def _check_replaceable(organization: Organization, manifest: dict) -> None:
    if organization.status == OrganizationStatus.ACTIVE:
        raise Conflict(
            "Suspend the organization first: its users would write into the schema being "
            "replaced. Reactivate it once restored.",
            code="not_suspended",
        )
    if manifest.get("schema_name") != organization.schema_name:
        raise Conflict(
            f"This backup is of {manifest.get('slug')}, not {organization.slug}; restore it "
            "as a copy under a new slug instead.",
            code="backup_of_another_organization",
        )


@transaction.atomic
def organization_restore_in_place(*, organization: Organization, backup: object) -> Organization:
    """Replace a suspended organization's schema by one of its own backups, migrated to the
    code; the domains it had then come back (those added since stay); members are indexed
    again. All or nothing: until the commit the live schema is only set aside."""
    lift_statement_timeout_for_this_transaction()  # replaying a large backup takes time
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    dump, manifest = _load_backup(backup)
    _check_replaceable(organization, manifest)
    lock_schema_names(organization.schema_name)
    custom_domains, _ = _custom_domains_are_free(manifest)
    organization.migration_digest = schema_replace(
        schema_name=organization.schema_name, script=dump.read_text()
    )
    _ensure_every_user_exists(organization.schema_name)
    organization.save(update_fields=["migration_digest", "updated_at"])
    had = set(organization.domains.values_list("domain", flat=True))
    Domain.objects.bulk_create(
        Domain(domain=hostname, tenant=organization, is_primary=False)
        for hostname in custom_domains
        if hostname not in had
    )
    MembershipIndex.objects.filter(organization=organization).delete()
    _rebuild_membership_index(organization)
    routing_changed()
    spares_refill_queue()  # the replay took a spare, or found none
    return organization


def _custom_domains_are_free(manifest: dict) -> tuple[dict[str, bool], list[str]]:
    """The backup's custom domains ({hostname: is_primary}) to restore, once none is in use
    by another organization, and those left out: still the live original's (a copy). Its
    name under the base domain is not among them: it belongs to the slug, which may change."""
    custom = {
        row["domain"]: row["is_primary"]
        for row in manifest.get("domains", [])
        if not reserved_for_slugs(row["domain"])
    }
    holders = dict(
        Domain.objects.filter(domain__in=custom).values_list("domain", "tenant__schema_name")
    )
    left_out = sorted(d for d, holder in holders.items() if holder == manifest["schema_name"])
    taken = sorted(set(holders) - set(left_out))
    if taken:
        raise Conflict(
            f"The backup's domains {', '.join(taken)} are in use by another organization; "
            "remove them there first. Nothing was restored.",
            code="domain_taken",
        )
    return {d: primary for d, primary in custom.items() if d not in left_out}, left_out


def _restore_domains(organization: Organization, custom: dict[str, bool]) -> None:
    """The slug's own name and the custom domains; the primary is the one it was. (One
    bulk insert: Domain.save() would make the first row primary whatever it says.)"""
    rows = {organization.primary_hostname: not any(custom.values()), **custom}
    Domain.objects.bulk_create(
        Domain(domain=hostname, tenant=organization, is_primary=is_primary)
        for hostname, is_primary in rows.items()
    )


def _ensure_every_user_exists(schema_name: str) -> None:
    # What a foreign key across schemas used to refuse: users erased since the purge.
    missing = sorted({user_id for *_, user_id in dangling_user_references(schemas=[schema_name])})
    if missing:
        raise Conflict(
            "The backup refers to users who no longer exist (ids "
            f"{', '.join(map(str, missing))}); nothing was restored.",
            code="backup_references_missing_users",
        )


def _rebuild_membership_index(organization: Organization) -> None:
    with organization:
        members = list(Membership.objects.values_list("user_id", "role"))
    MembershipIndex.objects.bulk_create(
        MembershipIndex(organization=organization, user_id=user_id, role=role)
        for user_id, role in members
    )
