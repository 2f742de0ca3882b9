"""The list costs the same number of queries for 1 and for 50 visible projects."""

from http import HTTPStatus

import pytest
from guardian.shortcuts import assign_perm

from tenants.roles import Role
from tests.fixtures.urls import PROJECTS_URL

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count", [1, 50])
def test_admin_list_query_count(
    count, tenant_admin, make_project, tenant_client, django_assert_num_queries
):
    for index in range(count):
        make_project(tenant_admin, name=f"Project {index}")
    client = tenant_client(tenant_admin)
    client.get(PROJECTS_URL)  # warm up: process-wide caches are measured in steady state
    # token + user, caller's membership, count, one page of projects joined with their
    # owners: the same 4 a fixed-schema request would make. The host resolves from the
    # worker's routing cache and the connection already has the tenant's search_path.
    with django_assert_num_queries(4):
        response = client.get(PROJECTS_URL, {"page_size": 100})
    assert response.status_code == HTTPStatus.OK
    assert response.json()["count"] == count


@pytest.mark.parametrize("count", [1, 50])
def test_member_with_grants_list_query_count(
    count, tenant_admin, make_member, make_project, tenant, tenant_client, django_assert_num_queries
):
    member = make_member(tenant, Role.MEMBER)
    for index in range(count):
        project = make_project(tenant_admin, name=f"Granted {index}")
        with tenant:
            assign_perm("projects.view_project", member, project)
    client = tenant_client(member)
    client.get(PROJECTS_URL)  # warm up: guardian caches the Project content type per process
    # as for an admin (4), plus guardian's lookup of the permission's content type (Django's
    # ContentType cache is cleared by django-tenants whenever it switches schema); the
    # grants are a subquery inside the count and page queries.
    with django_assert_num_queries(5):
        response = client.get(PROJECTS_URL, {"page_size": 100})
    assert response.json()["count"] == count
