import json

from core.db.citus import citus_mode
from tenants.management.commands._organization_command import OrganizationCommand
from tenants.models import OrganizationStatus
from tenants.selectors import organization_list
from tenants.selectors.placement import organization_nodes


class Command(OrganizationCommand):
    help = (
        "List organizations with their status, schema, primary domain and member count, and "
        "on a Citus cluster the worker node each is on."
    )

    def add_arguments(self, parser):
        parser.add_argument("--status", choices=OrganizationStatus.values)
        parser.add_argument("--search")
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="One JSON array, for scripts."
        )

    def handle(self, *args, status=None, search=None, as_json: bool = False, **options):
        organizations = list(organization_list(search=search, status=status))
        nodes = organization_nodes(organizations=organizations)
        rows = [
            {
                "slug": organization.slug,
                "name": organization.name,
                "status": organization.status,
                "schema_name": organization.schema_name,
                "domain": organization.primary_domain,
                "member_count": organization.member_count,
                "node": nodes[organization.pk],  # the Citus worker; null on one server
            }
            for organization in organizations
        ]
        if as_json:
            self.stdout.write(json.dumps(rows, indent=2))
            return
        on_cluster = citus_mode()
        node_header = f"{'NODE':<22} " if on_cluster else ""
        self.stdout.write(
            f"{'SLUG':<40} {'STATUS':<10} {'MEMBERS':>7}  {node_header}{'SCHEMA':<44} DOMAIN"
        )
        for row in rows:
            node = f"{row['node'] or '-':<22} " if on_cluster else ""
            self.stdout.write(
                f"{row['slug']:<40} {row['status']:<10} {row['member_count']:>7}  "
                f"{node}{row['schema_name']:<44} {row['domain'] or '-'}"
            )
        self.stdout.write(f"{len(rows)} organization(s)")
