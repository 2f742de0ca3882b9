from dataclasses import dataclass

from django.db.models import BigIntegerField, QuerySet
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast

from tenants.models import BACKUP_TASK, Backup, Job, Organization


def organization_backups(*, organization: Organization) -> QuerySet[Backup]:
    """The organization's recorded backups, newest first."""
    return Backup.objects.filter(organization_id=organization.pk).order_by("-created_at", "-id")


@dataclass(frozen=True)
class BackupState:
    last: Backup | None  # the newest recorded backup
    last_job: Job | None  # the newest backup job, whatever became of it


def backup_states(*, organizations: list[Organization]) -> dict[int, BackupState]:
    """Each organization's newest backup and newest backup job: two queries for a page."""
    ids = [organization.pk for organization in organizations]
    newest = {
        backup.organization_id: backup
        for backup in Backup.objects.filter(organization_id__in=ids)
        .order_by("organization_id", "-created_at", "-id")
        .distinct("organization_id")
    }
    jobs = {
        job.of: job
        for job in Job.objects.filter(task=BACKUP_TASK, organization_id__isnull=True)
        .annotate(of=Cast(KeyTextTransform("organization_id", "kwargs"), BigIntegerField()))
        .filter(of__in=ids)
        .order_by("of", "-id")
        .distinct("of")
    }
    return {pk: BackupState(last=newest.get(pk), last_job=jobs.get(pk)) for pk in ids}
