"""Backups of one organization at the same moment: each gets a name of its own, and the
retention that follows each (keep the newest TENANT_BACKUP_KEEP) leaves exactly that many
rows and files, never fewer, never a row whose file is gone."""

from functools import partial

import pytest

from tenants.models import Backup
from tenants.services.backups_live import organization_backup
from tests.fixtures.committed import in_own_connection
from tests.fixtures.races import run_together

pytestmark = [pytest.mark.usefixtures("race_cleanup", "backup_dir")]
ROUNDS = 5


def test_backups_at_once_keep_the_newest_and_their_files(
    committed_organization, backup_dir, settings
):
    settings.TENANT_BACKUP_KEEP = 1
    organization = committed_organization("race-backups")
    names: set[str] = set()
    for _ in range(ROUNDS):
        outcomes = run_together(
            *(partial(organization_backup, organization=organization) for _ in range(3))
        )
        assert not [outcome for outcome in outcomes if isinstance(outcome, BaseException)]
        names.update(backup.name for backup in outcomes)

    kept = in_own_connection(lambda: list(Backup.objects.values_list("name", flat=True)))
    assert len(names) == ROUNDS * 3  # every backup had a name of its own
    assert len(kept) == 1
    files = sorted(path.name for path in backup_dir.iterdir())
    assert files == sorted([kept[0], f"{kept[0]}.json"])
