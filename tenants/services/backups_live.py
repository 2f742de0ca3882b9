"""Backups of live organizations (README "Backups"): a verified dump of one organization's
schema while it keeps serving, recorded with its manifest, and the retention that keeps the
newest TENANT_BACKUP_KEEP of each organization.

pg_dump reads the schema in one repeatable-read snapshot, so the dump is consistent while
requests go on writing; it takes ACCESS SHARE locks only (a migration waits for it). Backups
of one organization take turns on an advisory lock, so the retention that follows each never
removes a backup another has just recorded.
"""

from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.db.locks import advisory_xact_lock
from tenants.models import Backup, BackupKind, Organization
from tenants.services.backup_files import (
    backup_path,
    dump_verified,
    manifest_path,
    manifest_write,
)


def organization_backup(*, organization: Organization, kind: str = BackupKind.MANUAL) -> Backup:
    """Dump, verify and record a backup of `organization`, then keep only its newest
    TENANT_BACKUP_KEEP; returns the backup."""
    organization = Organization.objects.get(pk=organization.pk)  # its state now
    dump = backup_path(organization.slug)
    dump_verified(organization.schema_name, dump, untouched="no backup was recorded")
    manifest = manifest_write(organization, dump, backed_up_at=timezone.now().isoformat())
    with transaction.atomic():
        advisory_xact_lock(f"backups:{organization.pk}")
        backup = Backup.objects.create(
            organization_id=organization.pk,
            slug=organization.slug,
            schema_name=organization.schema_name,
            name=dump.name,
            kind=kind,
            size_bytes=manifest["size_bytes"],
            sha256=manifest["sha256"],
            migration_digest=organization.migration_digest,
        )
        doomed = list(
            Backup.objects.filter(organization_id=organization.pk).order_by("-created_at", "-id")[
                settings.TENANT_BACKUP_KEEP :
            ]
        )
        Backup.objects.filter(pk__in=[old.pk for old in doomed]).delete()
        # The files go once the rows are gone for good: a rollback keeps both.
        transaction.on_commit(lambda: _files_remove([old.name for old in doomed]))
    return backup


def _files_remove(names: list[str]) -> None:
    for name in names:
        dump = Path(settings.TENANT_BACKUP_DIR) / name
        dump.unlink(missing_ok=True)
        manifest_path(dump).unlink(missing_ok=True)
