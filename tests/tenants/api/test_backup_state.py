"""Each organization's backup state in the platform API: its newest recorded backup and its
newest backup job, whatever became of it (a failed scheduled backup shows here).

No clean-up of committed organizations here: listing every organization reads their schemas
in this test's transaction, and a drop of one of them would wait for it to end."""

import pytest
from django.test import TestCase

from tests.fixtures.backups import dumps_fail, job_outcome

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("backup_dir")]


def back_up(platform_client, slug: str):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return platform_client.post(f"/api/v1/platform/organizations/{slug}/backups/")


def test_an_organization_shows_its_newest_backup_and_backup_job(
    tenant, platform_client, monkeypatch
):
    live = tenant  # committed for the session: pg_dump sees it
    detail = f"/api/v1/platform/organizations/{live.slug}/"
    assert platform_client.get(detail).json()["backup"] == {"last": None, "last_job": None}
    name = job_outcome(platform_client, back_up(platform_client, live.slug))["result"]["backup"]
    dumps_fail(monkeypatch)
    failed = job_outcome(platform_client, back_up(platform_client, live.slug))

    shown = platform_client.get(detail).json()["backup"]
    listed = {
        row["slug"]: row["backup"]
        for row in platform_client.get("/api/v1/platform/organizations/").json()["results"]
    }

    assert shown["last"]["name"] == name
    assert shown["last_job"]["state"] == "failed"
    assert shown["last_job"]["error"]["code"] == "backup_failed"
    assert shown["last_job"]["url"] == failed["url"]
    assert listed[live.slug] == shown
