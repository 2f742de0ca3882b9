from http import HTTPStatus

import pytest
from rest_framework.test import APIClient

from core.db.citus import citus_mode
from tenants.models import Organization, OrganizationStatus
from tenants.roles import Role
from tests.fixtures.schemas import schema_exists
from tests.fixtures.urls import ORGANIZATIONS_URL

pytestmark = pytest.mark.django_db


def project_url(organization) -> str:
    return f"{ORGANIZATIONS_URL}{organization.slug}/"


def test_list_is_paginated_and_counts_members(platform_client, tenant, make_member):
    make_member(tenant, Role.MEMBER)
    response = platform_client.get(ORGANIZATIONS_URL)

    assert response.status_code == HTTPStatus.OK
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    row = next(item for item in body["results"] if item["slug"] == tenant.slug)
    assert row["member_count"] == 2  # the founder and the new member


def test_list_searches_name_and_slug_and_filters_by_status(platform_client, tenant, second_tenant):
    Organization.objects.filter(pk=second_tenant.pk).update(status=OrganizationStatus.SUSPENDED)

    by_name = platform_client.get(ORGANIZATIONS_URL, {"search": "second tenant"}).json()
    assert [row["slug"] for row in by_name["results"]] == [second_tenant.slug]
    suspended = platform_client.get(ORGANIZATIONS_URL, {"status": "suspended"}).json()
    assert [row["slug"] for row in suspended["results"]] == [second_tenant.slug]


@pytest.mark.parametrize("query", [{"status": "bogus"}, {"page": "x"}, {"search": "'; --"}])
def test_odd_list_queries_never_500(platform_client, query):
    response = platform_client.get(ORGANIZATIONS_URL, query)
    assert response.status_code in {HTTPStatus.OK, HTTPStatus.BAD_REQUEST, HTTPStatus.NOT_FOUND}


@pytest.mark.parametrize("extra", [1, 15])
def test_list_query_count_does_not_grow_with_organizations(
    extra, tenant, second_tenant, platform_client, django_assert_num_queries
):
    from model_bakery import baker, seq

    # Slugs that sort after the test organizations, so every page holds real schemas.
    baker.make(Organization, slug=seq("zz-org-"), _quantity=extra)
    # token + user, count, one page of organizations with member counts and primary domains
    # (one query), which schemas of the page have a projects table, and their project
    # counts in one UNION ALL query, the page's newest backups and newest backup jobs (one
    # query each); the connection stays on the public path (no SET). On Citus, one more:
    # the page's nodes (tenants/selectors/placement.py).
    with django_assert_num_queries(7 + (1 if citus_mode() else 0)):
        response = platform_client.get(ORGANIZATIONS_URL)
    assert response.status_code == HTTPStatus.OK


def test_retrieve_by_slug_and_404_for_unknown(platform_client, tenant):
    assert platform_client.get(project_url(tenant)).json()["name"] == tenant.name
    response = platform_client.get(f"{ORGANIZATIONS_URL}no-such-org/")
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_rename_changes_the_name_only(platform_client, tenant):
    response = platform_client.patch(project_url(tenant), {"name": "Renamed Org"}, format="json")
    assert response.status_code == HTTPStatus.OK
    tenant.refresh_from_db()
    assert tenant.name == "Renamed Org"
    assert tenant.schema_name == "org_tenant"


@pytest.mark.parametrize(
    "payload", [{"slug": "other"}, {"schema_name": "public"}, {"status": "archived"}, {"name": ""}]
)
def test_slug_schema_and_status_cannot_be_patched(payload, platform_client, tenant):
    response = platform_client.patch(project_url(tenant), payload, format="json")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    tenant.refresh_from_db()
    assert (tenant.slug, tenant.schema_name, tenant.status) == ("tenant", "org_tenant", "active")


def test_suspend_then_reactivate(platform_client, tenant, tenant_host):
    response = platform_client.post(f"{project_url(tenant)}suspend/")
    assert response.status_code == HTTPStatus.OK
    assert response.json()["status"] == "suspended"
    health = APIClient(HTTP_HOST=tenant_host).get("/api/v1/health/")
    assert health.status_code == HTTPStatus.FORBIDDEN

    response = platform_client.post(f"{project_url(tenant)}reactivate/")
    assert response.json()["status"] == "active"
    assert APIClient(HTTP_HOST=tenant_host).get("/api/v1/health/").status_code == HTTPStatus.OK


def test_suspending_keeps_the_data(platform_client, tenant, tenant_member):
    from tenant_apps.memberships.models import Membership

    platform_client.post(f"{project_url(tenant)}suspend/")
    with tenant:
        assert Membership.objects.filter(user=tenant_member).exists()


def test_suspending_twice_is_a_conflict(platform_client, tenant):
    platform_client.post(f"{project_url(tenant)}suspend/")
    response = platform_client.post(f"{project_url(tenant)}suspend/")
    assert response.status_code == HTTPStatus.CONFLICT
    assert response.json()["code"] == "invalid_transition"


def test_archive_stops_resolution_at_once_and_keeps_the_schema(
    platform_client, tenant, tenant_host
):
    response = platform_client.delete(project_url(tenant))

    assert response.status_code == HTTPStatus.NO_CONTENT
    assert APIClient(HTTP_HOST=tenant_host).get("/api/v1/health/").status_code == 404
    tenant.refresh_from_db()
    assert tenant.status == OrganizationStatus.ARCHIVED
    assert schema_exists("org_tenant")


def test_list_counts_projects_of_each_organization(
    platform_client, tenant, second_tenant, make_member
):
    from tenant_apps.projects.services import project_create

    member = make_member(tenant, Role.MEMBER)
    with tenant:
        for name in ("One", "Two"):
            project_create(actor=member, name=name)
    rows = {row["slug"]: row for row in platform_client.get(ORGANIZATIONS_URL).json()["results"]}
    assert rows[tenant.slug]["project_count"] == 2
    assert rows[second_tenant.slug]["project_count"] == 0


def test_a_suspended_organization_can_be_archived_without_reopening_it(
    platform_client, tenant, tenant_host
):
    platform_client.post(f"{project_url(tenant)}suspend/")

    response = platform_client.delete(project_url(tenant))

    assert response.status_code == HTTPStatus.NO_CONTENT, response.content
    tenant.refresh_from_db()
    assert tenant.status == OrganizationStatus.ARCHIVED
    assert APIClient(HTTP_HOST=tenant_host).get("/api/v1/health/").status_code == 404


def test_transitions_that_remain_refused(platform_client, tenant):
    platform_client.delete(project_url(tenant))
    response = platform_client.post(f"{project_url(tenant)}suspend/")
    assert response.status_code == HTTPStatus.CONFLICT
    assert response.json()["code"] == "invalid_transition"
