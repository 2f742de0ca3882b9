"""Roles from Membership, grants from guardian: who sees and does what."""

from http import HTTPStatus

import pytest
from guardian.shortcuts import assign_perm

from tenants.roles import Role
from tests.fixtures.urls import PROJECTS_URL, project_url

pytestmark = pytest.mark.django_db


def visible(client) -> set[str]:
    return {
        project["name"]
        for project in client.get(PROJECTS_URL, {"page_size": 100}).json()["results"]
    }


@pytest.fixture
def projects(tenant_owner, tenant_member, make_member, make_project, tenant):
    other = make_member(tenant, Role.MEMBER)
    return {
        "mine": make_project(tenant_member, name="Mine"),
        "theirs": make_project(other, name="Theirs"),
        "owners": make_project(tenant_owner, name="Owners"),
    }


@pytest.mark.parametrize("role_fixture", ["tenant_owner", "tenant_admin"])
def test_owners_and_admins_see_and_edit_every_project(
    role_fixture, request, projects, tenant_client
):
    client = tenant_client(request.getfixturevalue(role_fixture))
    assert visible(client) == {"Mine", "Theirs", "Owners"}
    response = client.patch(project_url(projects["theirs"]), {"name": "Edited"}, format="json")
    assert response.status_code == HTTPStatus.OK
    assert client.delete(project_url(projects["theirs"])).status_code == HTTPStatus.NO_CONTENT


def test_a_member_sees_own_and_granted_projects_only(
    projects, tenant_member, tenant_client, tenant
):
    client = tenant_client(tenant_member)
    assert visible(client) == {"Mine"}
    with tenant:
        assign_perm("projects.view_project", tenant_member, projects["theirs"])
    assert visible(client) == {"Mine", "Theirs"}


def test_a_project_a_member_cannot_see_is_404_on_every_verb(projects, tenant_member, tenant_client):
    client = tenant_client(tenant_member)
    hidden = projects["theirs"]
    assert client.get(project_url(hidden)).status_code == HTTPStatus.NOT_FOUND
    assert (
        client.patch(project_url(hidden), {"name": "x"}, format="json").status_code
        == HTTPStatus.NOT_FOUND
    )
    assert (
        client.put(project_url(hidden), {"name": "x"}, format="json").status_code
        == HTTPStatus.NOT_FOUND
    )
    assert client.delete(project_url(hidden)).status_code == HTTPStatus.NOT_FOUND
    assert client.post(f"{project_url(hidden)}restore/").status_code == HTTPStatus.NOT_FOUND
    assert client.get(f"{project_url(hidden)}permissions/").status_code == HTTPStatus.NOT_FOUND


def test_view_only_grant_allows_reading_but_not_changing(
    projects, tenant_member, tenant_client, tenant
):
    with tenant:
        assign_perm("projects.view_project", tenant_member, projects["theirs"])
    client = tenant_client(tenant_member)
    assert client.get(project_url(projects["theirs"])).status_code == HTTPStatus.OK
    response = client.patch(project_url(projects["theirs"]), {"name": "x"}, format="json")
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert client.delete(project_url(projects["theirs"])).status_code == HTTPStatus.FORBIDDEN


def test_a_viewer_reads_granted_projects_and_creates_nothing(
    projects, tenant_viewer, tenant_client, tenant
):
    client = tenant_client(tenant_viewer)
    assert visible(client) == set()
    with tenant:
        assign_perm("projects.view_project", tenant_viewer, projects["mine"])
    assert visible(client) == {"Mine"}
    assert (
        client.patch(project_url(projects["mine"]), {"name": "x"}, format="json").status_code
        == HTTPStatus.FORBIDDEN
    )
    assert (
        client.post(PROJECTS_URL, {"name": "New"}, format="json").status_code
        == HTTPStatus.FORBIDDEN
    )


def test_global_permissions_in_public_do_not_widen_access(projects, tenant_member, tenant_client):
    from django.contrib.auth.models import Permission

    tenant_member.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="projects")
    )
    assert visible(tenant_client(tenant_member)) == {"Mine"}


def test_a_superuser_who_is_a_plain_member_gets_no_more_than_a_member(
    projects, make_member, tenant, tenant_client
):
    superuser_member = make_member(tenant, Role.MEMBER, is_superuser=True, is_staff=True)
    client = tenant_client(superuser_member)
    assert visible(client) == set()
    assert client.get(project_url(projects["theirs"])).status_code == HTTPStatus.NOT_FOUND


def test_a_grant_in_one_schema_gives_nothing_in_another_with_the_same_id(
    tenant, second_tenant, make_member, client_for, second_tenant_host
):
    from tenant_apps.projects.models import Project

    user = make_member(tenant, Role.MEMBER)
    from tenant_apps.memberships.services import membership_add

    with second_tenant:
        membership_add(organization=second_tenant, user=user, role=Role.MEMBER)
    second_owner = make_member(second_tenant, Role.MEMBER)
    with tenant:
        ours = Project.objects.create(id=777, name="Ours", slug="ours", owner=user)
        assign_perm("projects.view_project", user, ours)
    with second_tenant:
        Project.objects.create(id=777, name="Theirs in second", slug="theirs", owner=second_owner)

    client = client_for(second_tenant_host, user)
    assert client.get(f"{PROJECTS_URL}777/").status_code == HTTPStatus.NOT_FOUND
    assert visible(client) == set()


def test_a_grant_to_a_group_the_member_belongs_to_gives_nothing(
    projects, tenant_member, tenant_client, tenant
):
    from django.contrib.auth.models import Group

    group = Group.objects.create(name="Readers")
    tenant_member.groups.add(group)
    with tenant:
        assign_perm("projects.view_project", group, projects["theirs"])
    assert visible(tenant_client(tenant_member)) == {"Mine"}
