from django.db import models

# The backup job's task name (tenants/services/backup_jobs.py), which the backup state reads.
BACKUP_TASK = "organizations.backup"


class BackupKind(models.TextChoices):
    MANUAL = "manual"  # asked for by a platform admin (API, command)
    SCHEDULED = "scheduled"  # the daily backup of every active organization


class Backup(models.Model):
    """A verified backup of a live organization (its files: tenants/services/backup_files.py),
    recorded once the dump is complete and its manifest written.

    The organization is named by plain columns, without a foreign key: a backup outlives a
    purge, and is what a restore starts from.
    """

    organization_id = models.BigIntegerField()
    slug = models.CharField(max_length=40)
    schema_name = models.CharField(max_length=63)
    name = models.CharField(max_length=100, unique=True)  # the dump's file name
    kind = models.CharField(max_length=16, choices=BackupKind.choices)
    size_bytes = models.BigIntegerField()
    sha256 = models.CharField(max_length=64)
    # The schema's migration state when dumped: a restore of an older one migrates forward.
    migration_digest = models.CharField(max_length=16, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organization_id", "-created_at"], name="tenants_backup_newest"),
        ]

    def __str__(self) -> str:
        return self.name
