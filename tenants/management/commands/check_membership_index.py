from django.core.management.base import CommandError

from tenants.management.commands._organization_command import OrganizationCommand
from tenants.models import Organization
from tenants.services.consistency import membership_index_drift, membership_index_repair


class Command(OrganizationCommand):
    help = (
        "Compare the public membership index with the memberships in every schema; report "
        "differences (non-zero exit) or, with --repair, make the index match the schemas."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true")

    def handle(self, *args, repair: bool, **options):
        check = membership_index_repair if repair else membership_index_drift
        total = 0
        for organization in Organization.objects.order_by("slug"):
            for item in check(organization=organization):
                total += 1
                self.stdout.write(
                    f"{organization.slug}: user {item.user_id} is "
                    f"{item.tenant_role or 'not a member'} in the schema, "
                    f"{item.index_role or 'missing'} in the index"
                )
        if repair:
            self.stdout.write(self.style.SUCCESS(f"repaired {total} difference(s)"))
        elif total:
            raise CommandError(f"{total} difference(s); run with --repair to fix the index.")
        else:
            self.stdout.write("0 difference(s)")
