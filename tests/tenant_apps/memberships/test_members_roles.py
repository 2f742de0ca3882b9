from http import HTTPStatus

import pytest
from guardian.shortcuts import assign_perm, get_perms

from tenant_apps.memberships.models import Membership
from tenant_apps.projects.models import Project
from tenant_apps.projects.services import project_create
from tenants.roles import Role
from tests.fixtures.urls import MEMBERS_URL

pytestmark = pytest.mark.django_db
URL = MEMBERS_URL


def member_url(user) -> str:
    return f"{URL}{user.pk}/"


def role_of(organization, user) -> str | None:
    with organization:
        membership = Membership.objects.filter(user=user).first()
    return membership and membership.role


def set_role(client, user, role):
    return client.patch(member_url(user), {"role": role}, format="json")


@pytest.fixture
def sole_owner(tenant):
    """The founder: the earliest owner of `tenant`, and its only one unless a test adds
    `tenant_owner`."""
    with tenant:
        return Membership.objects.filter(role=Role.OWNER).order_by("joined_at", "id").first().user


def test_an_owner_changes_roles(
    tenant_owner, tenant_member, tenant_client, tenant, assert_index_agrees
):
    response = set_role(tenant_client(tenant_owner), tenant_member, "admin")
    assert response.status_code == HTTPStatus.OK
    assert response.json()["role"] == "admin"
    assert role_of(tenant, tenant_member) == "admin"
    assert_index_agrees()


def test_an_admin_changes_members_but_not_owners(
    tenant_admin, tenant_member, tenant_owner, tenant_client, tenant
):
    client = tenant_client(tenant_admin)
    assert set_role(client, tenant_member, "viewer").status_code == HTTPStatus.OK
    assert set_role(client, tenant_owner, "member").status_code == HTTPStatus.FORBIDDEN
    assert set_role(client, tenant_member, "owner").status_code == HTTPStatus.FORBIDDEN
    assert role_of(tenant, tenant_owner) == "owner"


@pytest.mark.parametrize("actor", ["tenant_member", "tenant_viewer"])
def test_members_and_viewers_change_no_roles(actor, request, tenant_admin, tenant_client):
    client = tenant_client(request.getfixturevalue(actor))
    assert set_role(client, tenant_admin, "viewer").status_code == HTTPStatus.FORBIDDEN


def test_nobody_raises_their_own_role(tenant_admin, tenant_member, tenant_client, tenant):
    assert (
        set_role(tenant_client(tenant_admin), tenant_admin, "owner").status_code
        == HTTPStatus.FORBIDDEN
    )
    assert (
        set_role(tenant_client(tenant_member), tenant_member, "admin").status_code
        == HTTPStatus.FORBIDDEN
    )
    assert role_of(tenant, tenant_admin) == "admin"


def test_lowering_your_own_role_is_allowed(tenant_admin, tenant_client, tenant):
    assert (
        set_role(tenant_client(tenant_admin), tenant_admin, "member").status_code == HTTPStatus.OK
    )
    assert role_of(tenant, tenant_admin) == "member"


def test_the_last_owner_cannot_be_demoted_removed_or_leave(sole_owner, tenant_client, tenant):
    client = tenant_client(sole_owner)
    for response in (set_role(client, sole_owner, "admin"), client.delete(member_url(sole_owner))):
        assert response.status_code == HTTPStatus.CONFLICT
        assert response.json()["code"] == "last_owner"
    assert role_of(tenant, sole_owner) == "owner"


def test_one_owner_of_two_can_leave(
    tenant_owner, sole_owner, tenant_client, tenant, assert_index_agrees
):
    assert (
        tenant_client(tenant_owner).delete(member_url(tenant_owner)).status_code
        == HTTPStatus.NO_CONTENT
    )
    assert role_of(tenant, tenant_owner) is None
    assert_index_agrees()


@pytest.mark.parametrize("role", ["member", "viewer", "admin"])
def test_anyone_can_leave(role, make_member, tenant, tenant_client, assert_index_agrees):
    user = make_member(tenant, role)
    assert tenant_client(user).delete(member_url(user)).status_code == HTTPStatus.NO_CONTENT
    assert role_of(tenant, user) is None
    assert_index_agrees()


def test_who_may_remove_whom(
    tenant_owner, tenant_admin, tenant_member, tenant_viewer, tenant_client, tenant
):
    assert (
        tenant_client(tenant_member).delete(member_url(tenant_viewer)).status_code
        == HTTPStatus.FORBIDDEN
    )
    assert (
        tenant_client(tenant_admin).delete(member_url(tenant_owner)).status_code
        == HTTPStatus.FORBIDDEN
    )
    assert (
        tenant_client(tenant_admin).delete(member_url(tenant_viewer)).status_code
        == HTTPStatus.NO_CONTENT
    )
    assert (
        tenant_client(tenant_owner).delete(member_url(tenant_admin)).status_code
        == HTTPStatus.NO_CONTENT
    )
    assert role_of(tenant, tenant_owner) == "owner"


def test_removal_revokes_grants_and_hands_projects_to_the_earliest_owner(
    tenant_owner, tenant_member, sole_owner, tenant_client, tenant, assert_index_agrees
):
    with tenant:
        theirs = project_create(actor=tenant_member, name="Theirs")
        founders = project_create(actor=sole_owner, name="Founder's")
        assign_perm("projects.view_project", tenant_member, founders)

    response = tenant_client(tenant_owner).delete(member_url(tenant_member))

    assert response.status_code == HTTPStatus.NO_CONTENT
    with tenant:
        assert Project.objects.get(pk=theirs.pk).owner == sole_owner
        assert get_perms(tenant_member, founders) == []
        assert get_perms(tenant_member, theirs) == []
    assert_index_agrees()


def test_ownership_transfer_is_explicit(
    sole_owner, tenant_member, tenant_client, tenant, assert_index_agrees
):
    response = tenant_client(sole_owner).post(f"{member_url(tenant_member)}transfer-ownership/")
    assert response.status_code == HTTPStatus.OK
    assert role_of(tenant, tenant_member) == "owner"
    assert role_of(tenant, sole_owner) == "admin"
    assert_index_agrees()


def test_only_owners_transfer_ownership(tenant_admin, tenant_member, tenant_client, tenant):
    response = tenant_client(tenant_admin).post(f"{member_url(tenant_member)}transfer-ownership/")
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert role_of(tenant, tenant_member) == "member"


def test_transfer_to_yourself_or_a_stranger_is_refused(sole_owner, make_user, tenant_client):
    client = tenant_client(sole_owner)
    assert (
        client.post(f"{member_url(sole_owner)}transfer-ownership/").status_code
        == HTTPStatus.BAD_REQUEST
    )
    assert (
        client.post(f"{member_url(make_user())}transfer-ownership/").status_code
        == HTTPStatus.NOT_FOUND
    )


@pytest.mark.parametrize("payload", [{}, {"role": "emperor"}, {"role": None}, {"role": 1}, []])
def test_bad_role_input_is_400(payload, tenant_owner, tenant_member, tenant_client):
    response = tenant_client(tenant_owner).patch(member_url(tenant_member), payload, format="json")
    assert response.status_code == HTTPStatus.BAD_REQUEST


def test_changing_an_unknown_member_is_404(tenant_owner, make_user, tenant_client):
    response = set_role(tenant_client(tenant_owner), make_user(), "member")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert response.json()["code"] == "not_a_member"
