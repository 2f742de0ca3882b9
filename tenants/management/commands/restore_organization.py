import json

from django.core.management.base import CommandError

from tenants.links import organization_link
from tenants.management.commands._organization_command import OrganizationCommand, job_report
from tenants.services.backup_files import backup_dir, manifest_path
from tenants.services.backup_jobs import (
    organization_restore_in_place_queue,
    organization_restore_queue,
)
from tenants.services.backups import organization_restore, organization_restore_in_place


class Command(OrganizationCommand):
    help = (
        "Restore an organization from a backup file: a purged one under its slug or --slug, "
        "a copy of a live one beside it under --slug, or a suspended one in place "
        "(--in-place --yes). A job does it, unless --wait."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", help="File name of the .sql backup in TENANT_BACKUP_DIR")
        parser.add_argument("--slug", help="Restore under this slug instead of the original")
        parser.add_argument(
            "--wait", action="store_true", help="Restore here and now instead of in a job."
        )
        parser.add_argument(
            "--in-place",
            action="store_true",
            help="Replace the (suspended) organization's data by the backup's.",
        )
        parser.add_argument("--yes", action="store_true", help="Confirm --in-place.")

    def handle(
        self,
        *args,
        backup: str,
        slug: str | None = None,
        wait: bool = False,
        in_place: bool = False,
        yes: bool = False,
        **options,
    ):
        if in_place:
            self._in_place(backup, wait=wait, yes=yes)
            return
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

    def _in_place(self, backup: str, *, wait: bool, yes: bool) -> None:
        if not yes:
            raise CommandError("Restoring in place replaces the data; pass --yes to confirm.")
        manifest = manifest_path(backup_dir() / backup)
        if not manifest.is_file():
            raise CommandError(f"No backup named {backup}.")
        organization = self.organization(json.loads(manifest.read_text())["slug"])
        if not wait:
            job = organization_restore_in_place_queue(
                organization=organization, backup=backup, confirm=organization.slug
            )
            self.stdout.write(job_report(job))
            return
        organization_restore_in_place(organization=organization, backup=backup)
        self.stdout.write(
            self.style.SUCCESS(f"Restored {organization.slug} in place from {backup}")
        )
