from tenants.management.commands._organization_command import StatusChangeCommand
from tenants.services.lifecycle import organization_archive


class Command(StatusChangeCommand):
    help = "Archive an organization: it stops resolving at once; schema and slug are kept."
    change = staticmethod(organization_archive)
