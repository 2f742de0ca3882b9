"""Backup, purge and restore as platform jobs (README "Background jobs"): `pg_dump` of a large
organization, or replaying its backup, takes minutes, which no HTTP call should wait for.
The API checks at once what it can (tenants/services/backups.py, the prechecks) and answers
202 with the job; the job does the work with the same services, and its row keeps the
outcome: the backup's name or the restored slug, or the refusal's `code` as the synchronous
API answered it (tenants/jobs/task.py records a DomainError so). The worker imports this
module by CELERY_IMPORTS.
"""

from django.db import transaction

from core.errors import NotFound
from core.jobs import app
from tenants.jobs import PlatformTask, enqueue_platform
from tenants.models import BACKUP_TASK, BackupKind, Job, Organization
from tenants.services.backups import (
    organization_purge,
    organization_restore,
    organization_restore_in_place,
    purge_precheck,
    restore_in_place_precheck,
    restore_precheck,
)
from tenants.services.backups_live import organization_backup

# Not retried: a failed purge or restore is for a platform admin to look at. A lease of an
# hour: the dump itself gives up after ten minutes (tenants/services/backups.py).
BACKUP_JOB = {"base": PlatformTask, "max_retries": 0, "lease_seconds": 3600, "keeps_result": True}


@app.task(
    name="organizations.purge", purpose="purge of organization {organization_id}", **BACKUP_JOB
)
def organization_purge_job(*, organization_id: int) -> dict:
    organization = Organization.objects.filter(pk=organization_id).first()
    if organization is None:  # purged meanwhile by another job
        raise NotFound("No organization with this id.", code="organization_not_found")
    return {"backup": organization_purge(organization=organization).name}


@app.task(name="organizations.restore", purpose="restore of {backup}", **BACKUP_JOB)
def organization_restore_job(*, backup: str, slug: str) -> dict:
    restored = organization_restore(backup=backup, slug=slug)
    return {
        "slug": restored.organization.slug,
        "schema_name": restored.organization.schema_name,
        "domains_left_out": restored.domains_left_out,
    }


@app.task(name=BACKUP_TASK, purpose="backup of organization {organization_id}", **BACKUP_JOB)
def organization_backup_job(
    *, organization_id: int, kind: str = BackupKind.MANUAL, period: str = ""
) -> dict:
    """`period` names a scheduled backup's day (tenants/services/backup_schedule.py)."""
    organization = Organization.objects.filter(pk=organization_id).first()
    if organization is None:  # purged meanwhile
        raise NotFound("No organization with this id.", code="organization_not_found")
    return {"backup": organization_backup(organization=organization, kind=kind).name}


@transaction.atomic
def organization_backup_queue(*, organization: Organization) -> Job:
    """Have a job back up a live organization (it keeps serving meanwhile)."""
    return enqueue_platform(organization_backup_job, organization_id=organization.pk)


@app.task(
    name="organizations.restore_in_place",
    purpose="restore in place of organization {organization_id} from {backup}",
    **BACKUP_JOB,
)
def organization_restore_in_place_job(*, organization_id: int, backup: str) -> dict:
    organization = Organization.objects.filter(pk=organization_id).first()
    if organization is None:  # purged meanwhile
        raise NotFound("No organization with this id.", code="organization_not_found")
    organization = organization_restore_in_place(organization=organization, backup=backup)
    return {"slug": organization.slug, "schema_name": organization.schema_name}


@transaction.atomic
def organization_restore_in_place_queue(
    *, organization: Organization, backup: object, confirm: object
) -> Job:
    """Refuse at once what can be refused, else have a job replace the organization's
    schema by its backup."""
    restore_in_place_precheck(organization=organization, backup=backup, confirm=confirm)
    return enqueue_platform(
        organization_restore_in_place_job, organization_id=organization.pk, backup=backup
    )


@transaction.atomic
def organization_purge_queue(*, organization: Organization) -> Job:
    """Refuse at once what is not archived, else have a job purge it."""
    purge_precheck(organization=organization)
    return enqueue_platform(organization_purge_job, organization_id=organization.pk)


@transaction.atomic
def organization_restore_queue(*, backup: object, slug: object = None) -> Job:
    """Refuse at once an unknown or tampered backup or a taken slug, else have a job
    restore it."""
    slug = restore_precheck(backup=backup, slug=slug)
    return enqueue_platform(organization_restore_job, backup=backup, slug=slug)
