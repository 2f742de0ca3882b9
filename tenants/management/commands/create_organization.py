from tenants.management.commands._organization_command import OrganizationCommand
from tenants.services.provisioning import organization_create


class Command(OrganizationCommand):
    help = "Create an organization: its schema, primary domain and owner."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True)
        parser.add_argument("--slug", required=True, help="DNS label: a-z, 0-9 and hyphens")
        parser.add_argument("--owner-email", required=True)

    def handle(self, *args, name: str, slug: str, owner_email: str, **options):
        organization = organization_create(name=name, slug=slug, owner_email=owner_email)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {organization.slug} (schema {organization.schema_name}) at "
                f"http://{organization.primary_hostname}/ owned by {owner_email}"
            )
        )
