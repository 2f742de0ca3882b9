from core.mail import deliveries_recorded, mail_state
from tenants.links import organization_link
from tenants.management.commands._organization_command import OrganizationCommand
from tenants.services.provisioning import organization_create


class Command(OrganizationCommand):
    help = "Create an organization: its schema, primary domain and owner."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True)
        parser.add_argument("--slug", required=True, help="DNS label: a-z, 0-9 and hyphens")
        parser.add_argument("--owner-email", required=True)

    def handle(self, *args, name: str, slug: str, owner_email: str, **options):
        with deliveries_recorded() as deliveries:
            organization = organization_create(name=name, slug=slug, owner_email=owner_email)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {organization.slug} (schema {organization.schema_name}) at "
                f"{organization_link(organization, '/')} owned by {owner_email}"
            )
        )
        state = mail_state(deliveries)
        if state is None:
            return  # the owner already had an account: no mail was due
        line = f"Set-password mail to {owner_email}: {state['status']}"
        # A job sends it and retries; the job's row and the log say how it went.
        self.stdout.write(
            f"{line}. If it does not arrive, resend it with POST /api/v1/platform/organizations/"
            f"{organization.slug}/owner/resend-set-password/"
        )
