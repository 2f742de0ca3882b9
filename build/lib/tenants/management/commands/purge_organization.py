from django.core.management.base import CommandError

from tenants.management.commands._organization_command import OrganizationCommand
from tenants.services.backups import organization_purge


class Command(OrganizationCommand):
    help = (
        "Purge an archived organization: write and verify a pg_dump of its schema, then drop "
        "the schema and its registry rows."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--yes", action="store_true", help="Confirm: this drops the schema.")

    def handle(self, *args, slug: str, yes: bool, **options):
        if not yes:
            raise CommandError("Purging drops the schema; pass --yes to confirm.")
        dump = organization_purge(organization=self.organization(slug))
        self.stdout.write(
            self.style.SUCCESS(f"Purged {slug}; backup: {dump.name} (in {dump.parent})")
        )
