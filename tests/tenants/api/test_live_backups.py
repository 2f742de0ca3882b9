"""Backups of live organizations (README "Backups"): a job dumps one organization while it
keeps serving, verifies the dump, writes its manifest (digest, size, the schema's migration
state) and records it; the platform API lists an organization's backups, newest first, and
keeps only the newest TENANT_BACKUP_KEEP of each. Only platform admins reach these endpoints
(tests/isolation/test_platform_endpoints.py walks every platform route)."""

import json
import uuid
from http import HTTPStatus

import psycopg
import pytest
from django.core.management import call_command
from django.test import TestCase
from rest_framework.test import APIClient

from tenants.models import Backup, Organization, OrganizationStatus
from tenants.schemas import current_template
from tenants.schemas import snapshot_dump as snapshot_dump_module
from tenants.services import backup_files
from tests.fixtures.backups import dumps_fail, job_outcome
from tests.fixtures.committed import in_own_connection
from tests.fixtures.schemas import schema_exists

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("backup_dir", "race_cleanup")]


def backups_url(slug: str) -> str:
    return f"/api/v1/platform/organizations/{slug}/backups/"


def back_up(platform_client, slug: str):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return platform_client.post(backups_url(slug))


@pytest.fixture
def serving(committed_organization):
    """An active organization committed on its own connection, so pg_dump can see it (a slug
    of the test's own: its committed owner outlives the test)."""
    return committed_organization(f"live-{uuid.uuid4().hex[:8]}")


def test_a_live_organization_is_backed_up_by_a_job_and_keeps_serving(
    serving, platform_client, backup_dir
):
    response = back_up(platform_client, serving.slug)

    job = job_outcome(platform_client, response)
    assert (job["kind"], job["state"]) == ("organizations.backup", "succeeded")
    name = job["result"]["backup"]
    dump = backup_dir / name
    manifest = json.loads((backup_dir / f"{name}.json").read_text())
    assert f"CREATE SCHEMA {serving.schema_name};" in dump.read_text()
    assert manifest["slug"] == serving.slug
    assert manifest["size_bytes"] == dump.stat().st_size
    assert manifest["migration_digest"] == serving.migration_digest != ""
    assert len(manifest["sha256"]) == 64
    assert schema_exists(serving.schema_name)
    assert Organization.objects.get(pk=serving.pk).status == OrganizationStatus.ACTIVE
    health = APIClient(HTTP_HOST=f"{serving.slug}.testserver.local").get("/api/v1/health/")
    assert health.status_code == HTTPStatus.OK


def test_the_organizations_backups_are_listed_newest_first(serving, platform_client):
    names = [
        job_outcome(platform_client, back_up(platform_client, serving.slug))["result"]["backup"]
        for _ in range(2)
    ]

    listed = platform_client.get(backups_url(serving.slug))

    assert listed.status_code == HTTPStatus.OK
    rows = listed.json()["results"]
    assert [row["name"] for row in rows] == names[::-1]
    assert set(rows[0]) == {
        "name",
        "kind",
        "size_bytes",
        "sha256",
        "migration_digest",
        "created_at",
    }
    assert rows[0]["kind"] == "manual"


def test_only_the_newest_backups_are_kept(serving, platform_client, backup_dir, settings):
    settings.TENANT_BACKUP_KEEP = 2
    names = [
        job_outcome(platform_client, back_up(platform_client, serving.slug))["result"]["backup"]
        for _ in range(3)
    ]

    assert (
        list(Backup.objects.order_by("-created_at").values_list("name", flat=True)) == names[:0:-1]
    )
    assert not (backup_dir / names[0]).exists()
    assert not (backup_dir / f"{names[0]}.json").exists()
    assert (backup_dir / names[2]).exists()


def test_a_failed_dump_records_nothing(serving, platform_client, backup_dir, monkeypatch):
    dumps_fail(monkeypatch)

    job = job_outcome(platform_client, back_up(platform_client, serving.slug))

    assert job["state"] == "failed"
    assert job["error"]["code"] == "backup_failed"
    assert not Backup.objects.exists()
    assert list(backup_dir.iterdir()) == []


def test_backing_up_an_unknown_organization_is_a_json_404(platform_client):
    response = back_up(platform_client, "nowhere")

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert response.json()["code"] == "not_found"  # as for every platform route of a slug


def test_the_command_backs_up_here_with_wait(serving, backup_dir, capsys):
    call_command("backup_organization", serving.slug, "--wait")

    [backup] = Backup.objects.all()
    assert backup.name in capsys.readouterr().out
    assert (backup_dir / backup.name).exists()


def test_a_backup_of_a_schema_at_the_codes_state_is_taken_without_pg_dump(
    serving, platform_client, backup_dir, monkeypatch
):
    in_own_connection(current_template)  # a deploy's spare fill takes it

    def pg_dump_must_not_run(*args, **kwargs):
        raise AssertionError("pg_dump ran")

    monkeypatch.setattr(backup_files, "schema_dump", pg_dump_must_not_run)

    job = job_outcome(platform_client, back_up(platform_client, serving.slug))

    assert job["state"] == "succeeded", job
    text = (backup_dir / job["result"]["backup"]).read_text()
    assert text.startswith(f"-- Tenantry snapshot dump of {serving.schema_name}")


def test_a_snapshot_dump_that_breaks_off_records_nothing_and_leaves_no_file(
    serving, platform_client, backup_dir, monkeypatch
):
    in_own_connection(current_template)

    def connection_lost(*args, **kwargs):
        raise psycopg.OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(snapshot_dump_module, "_write_rows", connection_lost)

    job = job_outcome(platform_client, back_up(platform_client, serving.slug))

    assert job["state"] == "failed"
    assert job["error"]["code"] == "backup_failed"
    assert not Backup.objects.exists()
    assert list(backup_dir.iterdir()) == []
