import json
from http import HTTPStatus

import pytest
from rest_framework.test import APIClient

from tenant_apps.memberships.models import Membership
from tenants.models import Domain, MembershipIndex, Organization, OrganizationStatus
from tenants.services.erasure import user_erase
from tests.fixtures.backups import dumps_fail, job_outcome, purge, purged_backup, restore
from tests.fixtures.schemas import schema_exists

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("backup_dir")]


def test_only_archived_organizations_can_be_purged(platform_client, tenant):
    response = purge(platform_client, tenant.slug)
    assert response.status_code == HTTPStatus.CONFLICT
    assert response.json()["code"] == "not_archived"
    assert schema_exists("org_tenant")


def test_purge_writes_a_verified_backup_then_drops_schema_and_registry_rows(
    archived, platform_client, backup_dir
):
    organization = archived
    response = purge(platform_client, organization.slug)

    assert response.json()["state"] == "pending"  # answered before the commit runs it
    assert response.json()["kind"] == "organizations.purge"
    job = job_outcome(platform_client, response)
    assert (job["state"], job["progress"], job["error"]) == ("succeeded", 100, None)
    backup = job["result"]["backup"]
    dump = backup_dir / backup
    manifest = json.loads((backup_dir / f"{backup}.json").read_text())
    assert dump.stat().st_size > 0
    assert manifest["slug"] == organization.slug
    assert manifest["schema_name"] == organization.schema_name
    assert manifest["sha256"]
    assert f"CREATE SCHEMA {organization.schema_name};" in dump.read_text()
    assert not schema_exists(organization.schema_name)
    assert not Organization.objects.filter(pk=organization.pk).exists()
    assert not Domain.objects.filter(tenant_id=organization.pk).exists()
    assert not MembershipIndex.objects.filter(organization_id=organization.pk).exists()


def test_a_failed_dump_drops_nothing(archived, platform_client, monkeypatch):
    organization = archived
    dumps_fail(monkeypatch)

    job = job_outcome(platform_client, purge(platform_client, organization.slug))

    assert job["state"] == "failed"
    assert job["error"]["code"] == "backup_failed"
    assert job["result"] is None
    assert schema_exists(organization.schema_name)
    assert Organization.objects.filter(pk=organization.pk).exists()


def test_restore_under_the_same_slug_brings_back_data_members_and_domain(archived, platform_client):
    slug = archived.slug
    backup = purged_backup(platform_client, slug)

    job = job_outcome(platform_client, restore(platform_client, {"backup": backup}))

    assert (job["state"], job["kind"]) == ("succeeded", "organizations.restore")
    assert job["result"]["slug"] == slug
    restored = Organization.objects.get(slug=slug)
    assert restored.status == OrganizationStatus.ACTIVE
    with restored:
        owner_id = Membership.objects.get().user_id
    assert MembershipIndex.objects.get(organization=restored).user_id == owner_id
    health = APIClient(HTTP_HOST=f"{slug}.testserver.local").get("/api/v1/health/")
    assert health.status_code == HTTPStatus.OK


def test_restore_under_a_new_slug(archived, platform_client):
    backup = purged_backup(platform_client, archived.slug)

    response = restore(platform_client, {"backup": backup, "slug": "new-name"})

    assert job_outcome(platform_client, response)["result"]["slug"] == "new-name"
    restored = Organization.objects.get(slug="new-name")
    assert restored.schema_name == "org_new_name"
    assert schema_exists("org_new_name")
    assert not schema_exists(archived.schema_name)
    with restored:
        assert Membership.objects.count() == 1


def test_restore_into_a_taken_slug_is_409(archived, platform_client, tenant):
    backup = purged_backup(platform_client, archived.slug)
    response = restore(platform_client, {"backup": backup, "slug": tenant.slug})
    assert response.status_code == HTTPStatus.CONFLICT
    assert response.json()["code"] == "slug_taken"


@pytest.mark.parametrize(
    "backup", ["", "missing.sql", "../../etc/passwd", "/etc/passwd", "a/../../b.sql", None]
)
def test_restore_refuses_unknown_files_and_paths_outside_the_backup_folder(backup, platform_client):
    response = restore(platform_client, {"backup": backup})
    assert response.status_code in {HTTPStatus.BAD_REQUEST, HTTPStatus.NOT_FOUND}
    assert "backup" in response.json() or response.json()["code"] == "backup_not_found"


def test_restore_refuses_a_tampered_backup(archived, platform_client, backup_dir):
    backup = purged_backup(platform_client, archived.slug)
    dump = backup_dir / backup
    dump.write_text(dump.read_text() + "\nDROP SCHEMA public CASCADE;\n")

    response = restore(platform_client, {"backup": backup})

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json()["code"] == "backup_corrupt"
    assert schema_exists("public")
    assert not Organization.objects.filter(slug=archived.slug).exists()


def test_restore_refuses_a_backup_that_points_at_users_erased_since(archived, platform_client):
    # No database foreign key crosses schemas, so the restore itself must notice that the
    # backup's members no longer exist, rather than bring back dangling user ids.
    with archived:
        owner = Membership.objects.get().user
    backup = purged_backup(platform_client, archived.slug)
    user_erase(user=owner)  # nothing else refers to them once the organization is purged

    job = job_outcome(platform_client, restore(platform_client, {"backup": backup}))

    assert job["state"] == "failed"
    assert job["error"]["code"] == "backup_references_missing_users"
    assert str(owner.pk) in job["error"]["detail"]
    assert not Organization.objects.filter(slug=archived.slug).exists()
    assert not schema_exists(archived.schema_name)
