from tenants.links import organization_link
from tenants.management.commands._organization_command import OrganizationCommand
from tenants.services.backups import organization_restore


class Command(OrganizationCommand):
    help = "Restore a purged organization from a backup file, under its slug or --slug."

    def add_arguments(self, parser):
        parser.add_argument("backup", help="File name of the .sql backup in TENANT_BACKUP_DIR")
        parser.add_argument("--slug", help="Restore under this slug instead of the original")

    def handle(self, *args, backup: str, slug: str | None = None, **options):
        organization = organization_restore(backup=backup, slug=slug)
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {organization.slug} (schema {organization.schema_name}) at "
                f"{organization_link(organization, '/')}"
            )
        )
