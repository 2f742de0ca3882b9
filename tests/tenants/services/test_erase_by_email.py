"""Erasure finds a person by their email address too: invitations addressed to them in
organizations they never joined go, and their tokens no longer admit anyone."""

from http import HTTPStatus

import pytest

from shared_apps.accounts.models import User
from tenant_apps.invitations.models import Invitation
from tenants.roles import Role
from tenants.selectors.user_references import schemas_referencing_user
from tenants.services.erasure import user_erase
from tests.fixtures.mail import invite_and_read_token

pytestmark = pytest.mark.django_db
ACCEPT_URL = "/api/v1/invitations/accept/"


def invite(organization, actor, email: str) -> str:
    return invite_and_read_token(organization, actor, email, Role.ADMIN)


@pytest.fixture
def outsider(make_user):
    """Someone invited to both test organizations who never joined either."""
    return make_user(email="outsider@example.com")


def test_schemas_that_only_hold_the_users_email_are_found(
    outsider, make_member, tenant, second_tenant
):
    invite(second_tenant, make_member(second_tenant, Role.OWNER), "Outsider@Example.com")
    assert schemas_referencing_user(outsider) == {second_tenant.schema_name}


def test_erasing_deletes_invitations_addressed_to_the_user_where_they_never_joined(
    outsider, make_member, tenant, second_tenant, client_for, tenant_host, second_tenant_host
):
    tokens = {
        tenant_host: invite(tenant, make_member(tenant, Role.ADMIN), outsider.email),
        second_tenant_host: invite(
            second_tenant, make_member(second_tenant, Role.OWNER), "OUTSIDER@example.com"
        ),
    }

    user_erase(user=outsider)

    for organization in (tenant, second_tenant):
        with organization:
            assert not Invitation.objects.filter(email=outsider.email).exists()
    for host, token in tokens.items():
        response = client_for(host).post(
            ACCEPT_URL, {"token": token, "password": "a-long-good-password-42"}, format="json"
        )
        assert response.status_code == HTTPStatus.NOT_FOUND
        assert response.json()["code"] == "invitation_not_found"
    assert not User.objects.filter(email=outsider.email).exists()


def test_invitations_to_other_addresses_stay(outsider, make_member, tenant):
    admin = make_member(tenant, Role.ADMIN)
    invite(tenant, admin, outsider.email)
    invite(tenant, admin, "outsider@example.org")

    user_erase(user=outsider)

    with tenant:
        assert list(Invitation.objects.values_list("email", flat=True)) == ["outsider@example.org"]
