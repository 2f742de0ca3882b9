"""`/projects/{id}/permissions/`: who holds what, grant and revoke."""

from http import HTTPStatus

import pytest

from tenants.roles import Role
from tests.fixtures.urls import project_url

pytestmark = pytest.mark.django_db


def permissions_url(project) -> str:
    return f"{project_url(project)}permissions/"


@pytest.fixture
def project(tenant_member, make_project):
    return make_project(tenant_member, name="Shared")


def holders(client, project) -> dict[int, list[str]]:
    response = client.get(permissions_url(project))
    assert response.status_code == HTTPStatus.OK, response.content
    return {row["user_id"]: row["permissions"] for row in response.json()}


def test_the_creator_holds_view_change_delete(project, tenant_member, tenant_client):
    assert holders(tenant_client(tenant_member), project) == {
        tenant_member.pk: ["change", "delete", "view"]
    }


def test_the_project_owner_grants_and_revokes(
    project, tenant_member, make_member, tenant, tenant_client
):
    colleague = make_member(tenant, Role.MEMBER)
    owner_client, colleague_client = tenant_client(tenant_member), tenant_client(colleague)

    granted = owner_client.post(
        permissions_url(project), {"user_id": colleague.pk, "permission": "view"}, format="json"
    )
    assert granted.status_code == HTTPStatus.CREATED
    assert colleague_client.get(project_url(project)).status_code == HTTPStatus.OK

    revoked = owner_client.delete(f"{permissions_url(project)}{colleague.pk}/view/")
    assert revoked.status_code == HTTPStatus.NO_CONTENT
    assert colleague_client.get(project_url(project)).status_code == HTTPStatus.NOT_FOUND


def test_granting_twice_is_idempotent(project, tenant_member, make_member, tenant, tenant_client):
    colleague = make_member(tenant, Role.MEMBER)
    client = tenant_client(tenant_member)
    payload = {"user_id": colleague.pk, "permission": "change"}
    client.post(permissions_url(project), payload, format="json")
    again = client.post(permissions_url(project), payload, format="json")
    assert again.status_code == HTTPStatus.CREATED
    assert holders(client, project)[colleague.pk] == ["change"]


@pytest.mark.parametrize("role_fixture", ["tenant_owner", "tenant_admin"])
def test_owners_and_admins_manage_grants_on_any_project(
    role_fixture, request, project, make_member, tenant, tenant_client
):
    colleague = make_member(tenant, Role.VIEWER)
    client = tenant_client(request.getfixturevalue(role_fixture))
    response = client.post(
        permissions_url(project), {"user_id": colleague.pk, "permission": "view"}, format="json"
    )
    assert response.status_code == HTTPStatus.CREATED


def test_a_member_with_a_grant_cannot_manage_grants(
    project, make_member, tenant, tenant_client, tenant_member
):
    colleague = make_member(tenant, Role.MEMBER)
    for permission in ("view", "change"):
        tenant_client(tenant_member).post(
            permissions_url(project),
            {"user_id": colleague.pk, "permission": permission},
            format="json",
        )
    response = tenant_client(colleague).post(
        permissions_url(project), {"user_id": colleague.pk, "permission": "delete"}, format="json"
    )
    assert response.status_code == HTTPStatus.FORBIDDEN


def test_granting_to_a_non_member_is_400(
    project, tenant_member, make_user, second_tenant_member, tenant_client
):
    client = tenant_client(tenant_member)
    for user in (make_user(), second_tenant_member):
        response = client.post(
            permissions_url(project), {"user_id": user.pk, "permission": "view"}, format="json"
        )
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert response.json()["code"] == "not_a_member"
        assert "user_id" in response.json()


def test_viewers_can_be_granted_view_only(project, tenant_member, tenant_viewer, tenant_client):
    client = tenant_client(tenant_member)
    ok = client.post(
        permissions_url(project), {"user_id": tenant_viewer.pk, "permission": "view"}, format="json"
    )
    assert ok.status_code == HTTPStatus.CREATED
    refused = client.post(
        permissions_url(project),
        {"user_id": tenant_viewer.pk, "permission": "change"},
        format="json",
    )
    assert refused.status_code == HTTPStatus.BAD_REQUEST


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"user_id": "x", "permission": "view"},
        {"user_id": 1, "permission": "admin"},
        {"user_id": None},
        [],
    ],
)
def test_bad_grant_payloads_get_400(payload, project, tenant_member, tenant_client):
    response = tenant_client(tenant_member).post(permissions_url(project), payload, format="json")
    assert response.status_code == HTTPStatus.BAD_REQUEST


def test_revoking_an_unknown_permission_name_is_404(project, tenant_member, tenant_client):
    response = tenant_client(tenant_member).delete(
        f"{permissions_url(project)}{tenant_member.pk}/admin/"
    )
    assert response.status_code == HTTPStatus.NOT_FOUND
