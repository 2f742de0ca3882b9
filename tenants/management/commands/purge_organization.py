from django.core.management.base import CommandError

from tenants.management.commands._organization_command import OrganizationCommand, job_report
from tenants.services.backup_jobs import organization_purge_queue
from tenants.services.backups import organization_purge


class Command(OrganizationCommand):
    help = (
        "Purge an archived organization: write and verify a pg_dump of its schema, then drop "
        "the schema and its registry rows. A job does it, unless --wait."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--yes", action="store_true", help="Confirm: this drops the schema.")
        parser.add_argument(
            "--wait", action="store_true", help="Purge here and now instead of in a job."
        )

    def handle(self, *args, slug: str, yes: bool, wait: bool = False, **options):
        if not yes:
            raise CommandError("Purging drops the schema; pass --yes to confirm.")
        organization = self.organization(slug)
        if not wait:
            self.stdout.write(job_report(organization_purge_queue(organization=organization)))
            return
        dump = organization_purge(organization=organization)
        self.stdout.write(
            self.style.SUCCESS(f"Purged {slug}; backup: {dump.name} (in {dump.parent})")
        )
