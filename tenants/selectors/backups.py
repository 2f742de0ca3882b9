from django.db.models import QuerySet

from tenants.models import Backup, Organization


def organization_backups(*, organization: Organization) -> QuerySet[Backup]:
    """The organization's recorded backups, newest first."""
    return Backup.objects.filter(organization_id=organization.pk).order_by("-created_at", "-id")
