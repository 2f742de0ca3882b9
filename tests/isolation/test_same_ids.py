"""Rows with equal primary keys in two schemas: each host sees only its own."""

from http import HTTPStatus

import pytest

from tenant_apps.memberships.models import Membership
from tenants.models import MembershipIndex
from tenants.roles import Role

pytestmark = pytest.mark.django_db
SHARED_ID = 4242


def add_member_with_id(organization, user, role):
    with organization:
        Membership.objects.create(id=SHARED_ID, user=user, role=role)
    MembershipIndex.objects.create(organization=organization, user=user, role=role)


@pytest.fixture
def twin_members(make_user, tenant, second_tenant):
    ours, theirs = make_user(email="ours@tenant.test"), make_user(email="theirs@second.test")
    add_member_with_id(tenant, ours, Role.ADMIN)
    add_member_with_id(second_tenant, theirs, Role.ADMIN)
    return ours, theirs


def test_rows_with_the_same_id_exist_in_both_schemas(twin_members, tenant, second_tenant):
    ours, theirs = twin_members
    with tenant:
        assert Membership.objects.get(id=SHARED_ID).user == ours
    with second_tenant:
        assert Membership.objects.get(id=SHARED_ID).user == theirs


def test_each_host_lists_only_its_own_rows(
    twin_members, client_for, tenant_host, second_tenant_host
):
    ours, theirs = twin_members
    for user, host, stranger in ((ours, tenant_host, theirs), (theirs, second_tenant_host, ours)):
        response = client_for(host, user).get("/api/v1/members/?page_size=100")
        assert response.status_code == HTTPStatus.OK
        emails = {member["email"] for member in response.json()["results"]}
        assert user.email in emails
        assert stranger.email not in emails


def test_a_member_of_the_other_schema_is_not_found_by_id(twin_members, client_for, tenant_host):
    ours, theirs = twin_members
    response = client_for(tenant_host, ours).get(f"/api/v1/members/{theirs.pk}/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert theirs.email not in response.content.decode()
