from django.core.management.base import BaseCommand, CommandError

from tenants.models import Organization
from tenants.selectors.invariants import organization_invariant_problems


class Command(BaseCommand):
    help = (
        "Check every organization: it has at least one owner, and no grant or project belongs "
        "to someone who is not a member. Reports each problem; non-zero exit if any."
    )

    def handle(self, *args, **options):
        total = 0
        for organization in Organization.objects.order_by("slug"):
            for problem in organization_invariant_problems(organization=organization):
                total += 1
                self.stdout.write(f"{organization.slug}: {problem}")
        if total:
            raise CommandError(f"{total} problem(s).")
        self.stdout.write("0 problem(s)")
