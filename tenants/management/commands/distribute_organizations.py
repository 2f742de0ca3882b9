from tenants.management.commands._organization_command import OrganizationCommand
from tenants.services.placement import organizations_distribute


class Command(OrganizationCommand):
    help = (
        "Move a deployment that began on one PostgreSQL server onto Citus (README, 'Scaling "
        "out'): after CREATE EXTENSION citus and adding the workers, make the shared tables "
        "reference tables and place every organization not yet distributed on a worker."
    )

    def handle(self, *args, **options):
        done = organizations_distribute()
        for organization in done:
            self.stdout.write(f"Distributed {organization.slug} ({organization.schema_name})")
        self.stdout.write(self.style.SUCCESS(f"{len(done)} organization(s) distributed."))
