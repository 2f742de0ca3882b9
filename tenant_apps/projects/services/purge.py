"""The scheduled purge of soft-deleted projects (tenant_apps/projects/jobs.py)."""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from guardian.models import GroupObjectPermission, UserObjectPermission

from tenant_apps.projects.models import Project


@transaction.atomic
def projects_purge_deleted(*, older_than_days: float) -> int:
    """Delete for good the projects of the active schema that were soft-deleted more than
    `older_than_days` ago, and their object grants (guardian's rows name the project by a
    plain id, so no cascade removes them). Returns how many projects went; again, none.

    A deleted project is hidden from every write but restore, and both touch `updated_at`:
    it is the time of the deletion."""
    cutoff = timezone.now() - timedelta(days=older_than_days)
    ids = list(
        Project.objects.select_for_update()  # a restore at once waits, then finds nothing
        .filter(is_deleted=True, updated_at__lt=cutoff)
        .values_list("pk", flat=True)
    )
    if not ids:
        return 0
    content_type = ContentType.objects.get_for_model(Project)
    object_pks = [str(pk) for pk in ids]
    for grants in (UserObjectPermission, GroupObjectPermission):
        grants.objects.filter(content_type=content_type, object_pk__in=object_pks).delete()
    Project.objects.filter(pk__in=ids).delete()
    return len(ids)
