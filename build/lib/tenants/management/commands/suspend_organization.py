from tenants.management.commands._organization_command import StatusChangeCommand
from tenants.services.lifecycle import organization_suspend


class Command(StatusChangeCommand):
    help = "Suspend an organization: its domains answer 403; its data is kept."
    change = staticmethod(organization_suspend)
