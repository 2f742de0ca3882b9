from tenants.links import organization_link
from tenants.management.commands._organization_command import OrganizationCommand, job_report
from tenants.services.backup_jobs import organization_restore_queue
from tenants.services.backups import organization_restore


class Command(OrganizationCommand):
    help = (
        "Restore an organization from a backup file: a purged one under its slug or --slug, "
        "or a copy of a live one beside it under --slug. A job does it, unless --wait."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", help="File name of the .sql backup in TENANT_BACKUP_DIR")
        parser.add_argument("--slug", help="Restore under this slug instead of the original")
        parser.add_argument(
            "--wait", action="store_true", help="Restore here and now instead of in a job."
        )

    def handle(self, *args, backup: str, slug: str | None = None, wait: bool = False, **options):
        if not wait:
            self.stdout.write(job_report(organization_restore_queue(backup=backup, slug=slug)))
            return
        restored = organization_restore(backup=backup, slug=slug)
        organization = restored.organization
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {organization.slug} (schema {organization.schema_name}) at "
                f"{organization_link(organization, '/')}"
            )
        )
        if restored.domains_left_out:
            left_out = ", ".join(restored.domains_left_out)
            self.stdout.write(f"Custom domains left with the live organization: {left_out}")
