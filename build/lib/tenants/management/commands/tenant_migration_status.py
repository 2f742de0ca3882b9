from collections import defaultdict

from django.core.management.base import CommandError

from tenants.management.commands._organization_command import OrganizationCommand
from tenants.models import Organization
from tenants.schemas import schema_states


class Command(OrganizationCommand):
    # System checks load every app's checks; a deploy step runs `check` once, not per command.
    requires_system_checks: list = []
    help = (
        "For each organization, the applied and missing migrations per app. --check exits "
        "non-zero when any schema differs from the code (for deploy pipelines)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true")

    def handle(self, *args, check: bool, **options):
        organizations = {o.schema_name: o for o in Organization.objects.order_by("slug")}
        behind = 0
        for state in schema_states(schemas=list(organizations)):
            organization = organizations[state.schema]
            if not state.missing:
                self.stdout.write(f"{organization.slug}: up to date ({len(state.applied)} applied)")
                continue
            behind += 1
            self.stdout.write(
                f"{organization.slug}: behind ({organization.status}, schema {state.schema})"
            )
            missing = defaultdict(list)
            for app, name in sorted(state.missing):
                missing[app].append(name)
            for app, names in missing.items():
                applied = sum(1 for applied_app, _ in state.applied if applied_app == app)
                self.stdout.write(f"  {app}: missing {', '.join(names)} (applied {applied})")
        if check and behind:
            raise CommandError(f"{behind} organization(s) behind the code; run migrate_tenants.")
