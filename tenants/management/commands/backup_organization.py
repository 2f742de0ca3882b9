from tenants.management.commands._organization_command import OrganizationCommand, job_report
from tenants.services.backup_jobs import organization_backup_queue
from tenants.services.backups_live import organization_backup


class Command(OrganizationCommand):
    help = (
        "Back up a live organization (it keeps serving): a verified pg_dump of its schema and "
        "a manifest, recorded; only the newest TENANT_BACKUP_KEEP are kept. A job does it, "
        "unless --wait."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument(
            "--wait", action="store_true", help="Back up here and now instead of in a job."
        )

    def handle(self, *args, slug: str, wait: bool = False, **options):
        organization = self.organization(slug)
        if not wait:
            self.stdout.write(job_report(organization_backup_queue(organization=organization)))
            return
        backup = organization_backup(organization=organization)
        self.stdout.write(
            self.style.SUCCESS(f"Backed up {slug}: {backup.name} ({backup.size_bytes} bytes)")
        )
