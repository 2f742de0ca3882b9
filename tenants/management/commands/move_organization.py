from tenants.management.commands._organization_command import OrganizationCommand, job_report
from tenants.services.placement import organization_move
from tenants.services.placement_jobs import organization_move_queue


class Command(OrganizationCommand):
    help = (
        "Move an organization to another worker node of the Citus cluster (host:port, as "
        "list_organizations shows nodes); it keeps serving. A job does it, unless --wait."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--to", required=True, dest="node", help="The worker, host:port.")
        parser.add_argument("--wait", action="store_true", help="Move here and now.")

    def handle(self, *args, slug: str, node: str, wait: bool = False, **options):
        organization = self.organization(slug)
        if not wait:
            self.stdout.write(
                job_report(organization_move_queue(organization=organization, node=node))
            )
            return
        organization_move(organization=organization, node=node)
        self.stdout.write(self.style.SUCCESS(f"Moved {slug} to {node}."))
