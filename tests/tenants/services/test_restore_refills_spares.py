"""A restore replays a backup's rows into a spare schema when one is ready (tenants/schemas
/build.py), as a create does. Either way the pool is then topped up by a job, recorded in the
restore's own transaction: otherwise each restore leaves the pool one spare short, and the
next create falls back to the slower template path."""

import uuid
from collections.abc import Callable

import pytest

from tenants.models import Job, Organization, OrganizationStatus, SpareSchema
from tenants.schemas import current_template, spare_schemas_fill
from tenants.services.backups import organization_restore, organization_restore_in_place
from tenants.services.backups_live import organization_backup
from tenants.services.spare_refill import spares_refill
from tests.fixtures.committed import in_own_connection

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("backup_dir", "race_cleanup", "broker_queue"),
]


@pytest.fixture
def backed_up(committed_organization, settings):
    """A committed organization, its backup, and one committed spare ready for the restore."""
    settings.TENANT_SPARE_SCHEMAS = 1
    organization = committed_organization(f"refilled-{uuid.uuid4().hex[:8]}")
    in_own_connection(current_template)  # the backup's DDL comes from it (no pg_dump)
    backup = in_own_connection(lambda: organization_backup(organization=organization)).name
    assert in_own_connection(lambda: spare_schemas_fill(count=1)) == 1
    return organization, backup


def spares_and_refill_jobs() -> tuple[int, int]:
    return SpareSchema.objects.count(), Job.objects.filter(task=spares_refill.name).count()


def spares_and_new_refill_jobs(restore) -> tuple[int, int]:
    """Spares left after `restore` (run and committed on a connection of its own), and the
    refill jobs it queued."""
    _, jobs_before = in_own_connection(spares_and_refill_jobs)
    in_own_connection(restore)
    spares, jobs_after = in_own_connection(spares_and_refill_jobs)
    return spares, jobs_after - jobs_before


def as_a_copy(backup: str) -> Callable[[], object]:
    return lambda: organization_restore(backup=backup, slug=f"copy-{uuid.uuid4().hex[:8]}")


def test_a_restore_as_a_copy_that_took_the_spare_queues_a_refill(backed_up):
    _, backup = backed_up

    assert spares_and_new_refill_jobs(as_a_copy(backup)) == (0, 1)


def test_a_restore_in_place_that_took_the_spare_queues_a_refill(backed_up):
    organization, backup = backed_up

    def suspend_then_restore() -> None:
        Organization.objects.filter(pk=organization.pk).update(status=OrganizationStatus.SUSPENDED)
        organization_restore_in_place(
            organization=Organization.objects.get(pk=organization.pk), backup=backup
        )

    assert spares_and_new_refill_jobs(suspend_then_restore) == (0, 1)


def test_a_restore_with_no_pool_to_keep_queues_nothing(backed_up, settings):
    _, backup = backed_up
    settings.TENANT_SPARE_SCHEMAS = 0

    assert spares_and_new_refill_jobs(as_a_copy(backup))[1] == 0
