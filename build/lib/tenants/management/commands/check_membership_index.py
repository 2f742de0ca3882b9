from django.core.management.base import CommandError

from tenants.management.commands._organization_command import OrganizationCommand
from tenants.models import Organization
from tenants.selectors.user_references import dangling_user_references
from tenants.services.consistency import membership_index_drift, membership_index_repair


class Command(OrganizationCommand):
    help = (
        "Compare the public membership index with the memberships in every schema; report "
        "differences (non-zero exit) or, with --repair, make the index match the schemas. "
        "References to users that no longer exist are always reported (non-zero exit): no "
        "database foreign key guards them, and no repair can guess the user."
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
        dangling = dangling_user_references()
        for schema, table, column, user_id in dangling:
            self.stdout.write(f"{schema}: {table}.{column} points at missing user {user_id}")
        if dangling:
            raise CommandError(f"{len(dangling)} reference(s) to missing users.")
        if total and not repair:
            raise CommandError(f"{total} difference(s); run with --repair to fix the index.")
        if not repair:
            self.stdout.write("0 difference(s)")
