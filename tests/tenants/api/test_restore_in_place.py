"""Restore in place (README "Backups"): a suspended organization's schema replaced by one
of its own backups, after a confirmation, all or nothing. Its data comes back as it was in
the backup, with every domain it had then; its schema name, slug and status stay."""

import uuid
from http import HTTPStatus

import pytest
from django.test import TestCase

from tenant_apps.memberships.models import Membership
from tenant_apps.projects.models import Project
from tenant_apps.projects.services import project_create
from tenants.models import Domain, MembershipIndex, Organization, OrganizationStatus
from tenants.roles import Role
from tenants.schemas.migration_state import SchemaState
from tenants.services.backup_jobs import organization_restore_in_place_job
from tenants.services.backups_live import organization_backup
from tenants.services.domains import domain_add, domain_remove
from tenants.services.lifecycle import organization_suspend
from tests.fixtures.committed import in_own_connection

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("backup_dir", "race_cleanup")]


def in_place_url(organization, backup: str) -> str:
    return f"/api/v1/platform/organizations/{organization.slug}/backups/{backup}/restore/"


@pytest.fixture
def backed_up(committed_organization):
    """A committed organization with a project and a custom domain, backed up; then the
    project deleted, another made and the domain removed, all committed."""
    organization = committed_organization(f"in-place-{uuid.uuid4().hex[:6]}")
    domain = f"{organization.slug}.example.org"

    def before() -> str:
        domain_add(organization=organization, domain=domain)
        with organization:
            owner = Membership.objects.get(role=Role.OWNER).user
            project_create(actor=owner, name="In the backup")
        return organization_backup(organization=organization).name

    def after() -> None:
        with organization:
            owner = Membership.objects.get(role=Role.OWNER).user
            Project.objects.all().delete()
            project_create(actor=owner, name="Made after the backup")
        domain_remove(organization=organization, domain=domain)

    backup = in_own_connection(before)
    in_own_connection(after)
    return organization, backup


def state_of(organization) -> tuple[list[str], set[str], str, int]:
    def read():
        fresh = Organization.objects.get(pk=organization.pk)
        with fresh:
            projects = sorted(Project.objects.values_list("name", flat=True))
        domains = set(Domain.objects.filter(tenant=fresh).values_list("domain", flat=True))
        indexed = MembershipIndex.objects.filter(organization=fresh).count()
        return projects, domains, fresh.status, indexed

    return in_own_connection(read)


def suspend(organization) -> None:
    in_own_connection(lambda: organization_suspend(organization=organization))


def test_a_suspended_organization_is_restored_in_place_from_its_backup(backed_up):
    organization, backup = backed_up
    suspend(organization)

    result = in_own_connection(
        lambda: organization_restore_in_place_job.run(
            organization_id=organization.pk, backup=backup
        )
    )

    projects, domains, status, indexed = state_of(organization)
    assert result == {"slug": organization.slug, "schema_name": organization.schema_name}
    assert projects == ["In the backup"]
    assert f"{organization.slug}.example.org" in domains  # the domain it had then
    assert organization.primary_hostname in domains
    assert status == OrganizationStatus.SUSPENDED  # a platform admin reactivates it
    assert indexed == 1


def test_a_failure_leaves_the_live_schema_as_it_was(backed_up, monkeypatch):
    organization, backup = backed_up
    suspend(organization)

    def behind(*, schemas):  # as if the backup predated the code's migrations
        return [SchemaState(schema=schema, applied=frozenset()) for schema in schemas]

    def broken(**kwargs):
        raise RuntimeError("migrations fail on this backup")

    monkeypatch.setattr("tenants.schemas.build.schema_states", behind)
    monkeypatch.setattr("tenants.schemas.build.schema_migrate", broken)
    with pytest.raises(Exception, match="could not be migrated"):
        in_own_connection(
            lambda: organization_restore_in_place_job.run(
                organization_id=organization.pk, backup=backup
            )
        )

    projects, domains, _, _ = state_of(organization)
    assert projects == ["Made after the backup"]
    assert f"{organization.slug}.example.org" not in domains


def test_an_active_organization_is_refused_at_once(backed_up, platform_client):
    organization, backup = backed_up

    response = platform_client.post(
        in_place_url(organization, backup), {"confirm": organization.slug}, format="json"
    )

    assert response.status_code == HTTPStatus.CONFLICT
    assert response.json()["code"] == "not_suspended"


def test_the_slug_must_be_typed_to_confirm(backed_up, platform_client):
    organization, backup = backed_up
    suspend(organization)

    response = platform_client.post(
        in_place_url(organization, backup), {"confirm": "something-else"}, format="json"
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json()["confirm"]  # the field, beside detail and code


def test_another_organizations_backup_is_refused(backed_up, platform_client, second_tenant):
    _, backup = backed_up
    organization_suspend(organization=second_tenant)  # in the test's transaction: undone after

    response = platform_client.post(
        in_place_url(second_tenant, backup), {"confirm": second_tenant.slug}, format="json"
    )

    assert response.status_code == HTTPStatus.CONFLICT
    assert response.json()["code"] == "backup_of_another_organization"


def test_a_confirmed_restore_in_place_answers_202_with_a_job(backed_up, platform_client):
    organization, backup = backed_up
    suspend(organization)

    with TestCase.captureOnCommitCallbacks(execute=False):  # the job itself is tested above
        response = platform_client.post(
            in_place_url(organization, backup), {"confirm": organization.slug}, format="json"
        )

    assert response.status_code == HTTPStatus.ACCEPTED
    assert response.json()["kind"] == "organizations.restore_in_place"
