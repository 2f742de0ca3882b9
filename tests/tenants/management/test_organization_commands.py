import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tenants.models import Job, Organization, OrganizationStatus

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_create_organization_prints_the_url_and_schema(make_user):
    owner = make_user()
    output = run(
        "create_organization",
        "--name",
        "Cmd Org",
        "--slug",
        "cmd-org",
        "--owner-email",
        owner.email,
    )
    assert "cmd-org" in output
    assert "org_cmd_org" in output
    assert "https://cmd-org.testserver.local/" in output  # the served scheme (TENANT_URL_SCHEME)
    assert Organization.objects.filter(slug="cmd-org").exists()


def test_create_organization_fails_with_a_clear_message_and_non_zero_exit(make_user):
    with pytest.raises(CommandError, match="slug"):
        run(
            "create_organization",
            "--name",
            "X",
            "--slug",
            "Bad_Slug",
            "--owner-email",
            make_user().email,
        )


@pytest.mark.parametrize(
    ("command", "status"),
    [("suspend_organization", "suspended"), ("archive_organization", "archived")],
)
def test_lifecycle_commands_change_the_status(command, status, tenant):
    output = run(command, tenant.slug)
    tenant.refresh_from_db()
    assert tenant.status == status
    assert tenant.slug in output


def test_reactivate_organization(tenant):
    run("suspend_organization", tenant.slug)
    run("reactivate_organization", tenant.slug)
    tenant.refresh_from_db()
    assert tenant.status == OrganizationStatus.ACTIVE


def test_lifecycle_commands_fail_for_an_unknown_slug():
    with pytest.raises(CommandError, match="no-such-org"):
        run("suspend_organization", "no-such-org")


def test_list_organizations_shows_slug_status_and_members(tenant, second_tenant):
    run("suspend_organization", second_tenant.slug)
    output = run("list_organizations")
    assert "tenant" in output
    assert "suspended" in output
    only_suspended = run("list_organizations", "--status", "suspended")
    assert second_tenant.slug in only_suspended
    assert "org_tenant " not in only_suspended


def test_list_organizations_as_json(tenant):
    rows = json.loads(run("list_organizations", "--json"))
    assert any(row["slug"] == tenant.slug and row["member_count"] >= 1 for row in rows)


def test_purge_refuses_an_active_organization(tenant):
    with pytest.raises(CommandError, match="archived"):
        run("purge_organization", tenant.slug, "--yes")


def test_purge_then_restore_through_the_commands(committed_organization, settings, tmp_path):
    settings.TENANT_BACKUP_DIR = tmp_path
    committed_organization("cmd-purge")
    run("archive_organization", "cmd-purge")

    purged = run("purge_organization", "cmd-purge", "--yes", "--wait")
    backup = next(path.name for path in tmp_path.iterdir() if path.suffix == ".sql")
    assert backup in purged
    assert not Organization.objects.filter(slug="cmd-purge").exists()

    restored = run("restore_organization", backup, "--slug", "cmd-restored", "--wait")
    assert "cmd-restored" in restored
    assert Organization.objects.get(slug="cmd-restored").status == OrganizationStatus.ACTIVE


def test_purge_and_restore_without_wait_queue_a_job(committed_organization, settings, tmp_path):
    settings.TENANT_BACKUP_DIR = tmp_path
    committed_organization("cmd-queued")
    run("archive_organization", "cmd-queued")

    queued = run("purge_organization", "cmd-queued", "--yes")

    job = Job.objects.get(task="organizations.purge")
    assert f"job {job.pk}" in queued
    assert f"/api/v1/platform/jobs/{job.pk}/" in queued
    assert Organization.objects.filter(slug="cmd-queued").exists()  # the job has not run


def test_purge_without_confirmation_refuses(tenant):
    with pytest.raises(CommandError, match="--yes"):
        run("purge_organization", tenant.slug)


def test_restore_of_a_missing_backup_fails(settings, tmp_path):
    settings.TENANT_BACKUP_DIR = tmp_path
    with pytest.raises(CommandError, match="backup"):
        run("restore_organization", "nothing.sql")


def test_backup_then_restore_in_place_through_the_commands(
    committed_organization, settings, tmp_path
):
    settings.TENANT_BACKUP_DIR = tmp_path
    committed_organization("cmd-in-place")
    backed_up = run("backup_organization", "cmd-in-place", "--wait")
    backup = next(path.name for path in tmp_path.iterdir() if path.suffix == ".sql")
    run("suspend_organization", "cmd-in-place")

    with pytest.raises(CommandError, match="--yes"):
        run("restore_organization", backup, "--in-place")
    restored = run("restore_organization", backup, "--in-place", "--yes", "--wait")

    assert backup in backed_up
    assert "Restored cmd-in-place in place" in restored
    assert Organization.objects.get(slug="cmd-in-place").status == OrganizationStatus.SUSPENDED
