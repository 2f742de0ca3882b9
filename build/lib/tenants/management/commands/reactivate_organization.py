from tenants.management.commands._organization_command import StatusChangeCommand
from tenants.services.lifecycle import organization_reactivate


class Command(StatusChangeCommand):
    help = "Make a suspended or archived organization active again."
    change = staticmethod(organization_reactivate)
