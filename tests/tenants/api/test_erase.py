from http import HTTPStatus

import pytest

from shared_apps.accounts.models import User
from tenant_apps.memberships.models import Membership
from tenants.roles import Role

pytestmark = pytest.mark.django_db
URL = "/api/v1/platform/users/"


def test_a_platform_admin_erases_a_user(platform_client, make_member, tenant, assert_index_agrees):
    user = make_member(tenant, Role.MEMBER)
    response = platform_client.delete(f"{URL}{user.pk}/")
    assert response.status_code == HTTPStatus.NO_CONTENT
    assert not User.objects.filter(pk=user.pk).exists()
    assert_index_agrees()


def test_erasing_an_unknown_user_is_404(platform_client):
    assert platform_client.delete(f"{URL}999999/").status_code == HTTPStatus.NOT_FOUND


def test_erasing_a_last_owner_is_409_naming_the_organization(platform_client, tenant):
    with tenant:
        founder = Membership.objects.get(role=Role.OWNER).user
    response = platform_client.delete(f"{URL}{founder.pk}/")
    assert response.status_code == HTTPStatus.CONFLICT
    assert response.json()["code"] == "last_owner"
    assert "org_tenant" in response.json()["detail"]
