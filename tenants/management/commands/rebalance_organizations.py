from tenants.management.commands._organization_command import OrganizationCommand
from tenants.services.placement import organizations_rebalance, rebalance_plan


class Command(OrganizationCommand):
    help = (
        "Even out the organizations over the Citus cluster's workers with Citus' rebalancer "
        "(each organization moves whole, and keeps serving). --dry-run shows the moves only."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Show the moves, make none.")

    def handle(self, *args, dry_run: bool = False, **options):
        moves = rebalance_plan() if dry_run else organizations_rebalance()
        verb = "Would move" if dry_run else "Moved"
        for move in moves:
            self.stdout.write(
                f"{verb} {move.slug or move.schema_name} from {move.source} to {move.target}"
            )
        self.stdout.write(
            f"{len(moves)} move(s) planned." if dry_run else f"{len(moves)} move(s); balanced."
        )
