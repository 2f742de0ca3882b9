from tenants.management.commands._organization_command import OrganizationCommand
from tenants.services.lifecycle import organization_suspend


class Command(OrganizationCommand):
    help = "Suspend an organization: its domains answer 403; its data is kept."

    def add_arguments(self, parser):
        parser.add_argument("slug")

    def handle(self, *args, slug: str, **options):
        organization = organization_suspend(organization=self.organization(slug))
        self.stdout.write(self.style.SUCCESS(f"{organization.slug} is now {organization.status}."))
