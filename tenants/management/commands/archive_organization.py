from tenants.management.commands._organization_command import OrganizationCommand
from tenants.services.lifecycle import organization_archive


class Command(OrganizationCommand):
    help = "Archive an organization: it stops resolving at once; schema and slug are kept."

    def add_arguments(self, parser):
        parser.add_argument("slug")

    def handle(self, *args, slug: str, **options):
        organization = organization_archive(organization=self.organization(slug))
        self.stdout.write(self.style.SUCCESS(f"{organization.slug} is now {organization.status}."))
