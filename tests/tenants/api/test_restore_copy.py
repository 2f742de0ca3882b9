"""Restore as a copy (README "Backups"): a live organization's backup restored under a new
slug, beside the live organization, to recover what someone deleted by mistake. The copy
has the backup's data and members; the live organization goes on untouched; the custom
domains stay with the live one and the copy's job says which were left out."""

import uuid
from http import HTTPStatus

import pytest
from django.test import TestCase
from rest_framework.test import APIClient

from tenant_apps.memberships.models import Membership
from tenant_apps.projects.models import Project
from tenant_apps.projects.services import project_create
from tenants.models import Domain, MembershipIndex, Organization, OrganizationStatus
from tenants.roles import Role
from tenants.services.backup_jobs import organization_restore_job
from tenants.services.domains import domain_add
from tests.fixtures.backups import job_outcome
from tests.fixtures.backups import restore as restore_request
from tests.fixtures.committed import in_own_connection
from tests.fixtures.schemas import schema_exists

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("backup_dir", "race_cleanup")]


@pytest.fixture
def live_with_a_project(committed_organization):
    organization = committed_organization(f"copied-{uuid.uuid4().hex[:6]}")

    def add_project_and_domain() -> None:
        domain_add(organization=organization, domain=f"{organization.slug}.example.org")
        with organization:
            owner = Membership.objects.get(role=Role.OWNER).user
            project_create(actor=owner, name="Kept in the backup")

    in_own_connection(add_project_and_domain)
    return organization


def backup_of(platform_client, organization) -> str:
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = platform_client.post(
            f"/api/v1/platform/organizations/{organization.slug}/backups/"
        )
    return job_outcome(platform_client, response)["result"]["backup"]


def copy_and_live():
    copy = Organization.objects.get(slug="the-copy")
    with copy:
        projects = list(Project.objects.values_list("name", flat=True))
        owner_id = Membership.objects.get(role=Role.OWNER).user_id
    owner_indexed = MembershipIndex.objects.filter(organization=copy, user_id=owner_id).exists()
    domains = set(Domain.objects.filter(tenant=copy).values_list("domain", flat=True))
    live = Organization.objects.exclude(pk=copy.pk).get(slug__startswith="copied-")
    with live:
        live_projects = Project.objects.count()
    return copy, projects, owner_indexed, domains, live_projects


def test_a_live_organizations_backup_is_restored_beside_it_under_a_new_slug(
    live_with_a_project, platform_client
):
    live = live_with_a_project
    backup = backup_of(platform_client, live)

    def delete_by_mistake() -> None:
        with live:
            Project.objects.all().delete()

    in_own_connection(delete_by_mistake)  # committed: the mistake the copy is for
    # The restore job on a connection of its own, committed as a worker's: the live schema
    # steps aside inside its transaction, which the test's own must not hold open.
    result = in_own_connection(lambda: organization_restore_job.run(backup=backup, slug="the-copy"))

    assert result["slug"] == "the-copy"
    assert result["domains_left_out"] == [f"{live.slug}.example.org"]
    # Read on a connection of its own too: the clean-up drops these schemas after the test,
    # and would wait for a transaction that has read from them.
    copy, projects, owner_indexed, copy_domains, live_projects = in_own_connection(copy_and_live)
    assert copy.status == OrganizationStatus.ACTIVE
    assert projects == ["Kept in the backup"]
    assert owner_indexed
    assert copy_domains == {"the-copy.testserver.local"}
    assert live_projects == 0  # the live organization keeps its state, mistake included
    assert Organization.objects.get(pk=live.pk).status == OrganizationStatus.ACTIVE
    assert Domain.objects.filter(tenant=live, domain=f"{live.slug}.example.org").exists()
    health = APIClient(HTTP_HOST=f"{live.slug}.example.org").get("/api/v1/health/")
    assert health.status_code == HTTPStatus.OK
    assert health.json()["organization"]["slug"] == live.slug


def test_restoring_over_the_live_organizations_slug_is_refused(
    live_with_a_project, platform_client
):
    backup = backup_of(platform_client, live_with_a_project)

    response = restore_request(platform_client, {"backup": backup})

    assert response.status_code == HTTPStatus.CONFLICT
    assert response.json()["code"] == "slug_taken"
    assert schema_exists(live_with_a_project.schema_name)
