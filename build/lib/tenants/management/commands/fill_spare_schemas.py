from django.core.management.base import BaseCommand

from tenants.models import SpareSchema
from tenants.schemas import spare_schemas_fill, target_digest


class Command(BaseCommand):
    help = (
        "Build spare schemas from the template up to TENANT_SPARE_SCHEMAS (or --count), "
        "dropping spares of other code versions. Run after each deploy's migrate_tenants."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, help="Spares to keep (default: the setting).")

    def handle(self, *args, count: int | None = None, **options):
        built = spare_schemas_fill(count=count)
        ready = SpareSchema.objects.filter(digest=target_digest()).count()
        self.stdout.write(f"built {built} spare schema(s); {ready} ready")
