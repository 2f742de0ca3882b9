from tenants.management.commands._organization_command import OrganizationCommand
from tenants.services.lifecycle import organization_reactivate


class Command(OrganizationCommand):
    help = "Make a suspended or archived organization active again."

    def add_arguments(self, parser):
        parser.add_argument("slug")

    def handle(self, *args, slug: str, **options):
        organization = organization_reactivate(organization=self.organization(slug))
        self.stdout.write(self.style.SUCCESS(f"{organization.slug} is now {organization.status}."))
