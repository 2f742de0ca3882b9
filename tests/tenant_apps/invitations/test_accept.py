from datetime import timedelta
from http import HTTPStatus

import pytest
from django.utils import timezone

from shared_apps.accounts.models import User
from tenant_apps.invitations.models import Invitation
from tenant_apps.memberships.models import Membership
from tenants.models import MembershipIndex
from tests.fixtures.urls import INVITATIONS_URL

pytestmark = pytest.mark.django_db
URL = INVITATIONS_URL
ACCEPT_URL = "/api/v1/invitations/accept/"


def is_member(organization, user) -> bool:
    with organization:
        return Membership.objects.filter(user=user).exists()


def test_an_existing_user_signed_in_as_the_invited_email_joins_with_the_role(
    invite_and_get_token, make_user, tenant_client, tenant, assert_index_agrees
):
    user = make_user(email="joiner@example.com")
    token = invite_and_get_token("JOINER@example.com", "admin")

    response = tenant_client(user).post(ACCEPT_URL, {"token": token}, format="json")

    assert response.status_code == HTTPStatus.OK
    assert response.json()["role"] == "admin"
    with tenant:
        assert Membership.objects.get(user=user).role == "admin"
    assert MembershipIndex.objects.get(organization=tenant, user=user).role == "admin"
    assert_index_agrees()


def test_a_new_email_sets_a_password_and_joins_in_one_step(
    invite_and_get_token, tenant_client, tenant
):
    token = invite_and_get_token("fresh@example.com", "viewer")

    response = tenant_client().post(
        ACCEPT_URL,
        {"token": token, "password": "a-long-good-password-42", "first_name": "Fresh"},
        format="json",
    )

    assert response.status_code == HTTPStatus.OK
    assert response.json()["token"]  # a bearer token, to go on at once
    user = User.objects.get(email="fresh@example.com")
    assert user.is_active
    assert user.check_password("a-long-good-password-42")
    assert user.first_name == "Fresh"
    assert is_member(tenant, user)


def test_a_token_is_single_use(invite_and_get_token, make_user, tenant_client):
    user = make_user(email="once@example.com")
    token = invite_and_get_token("once@example.com")
    client = tenant_client(user)
    assert client.post(ACCEPT_URL, {"token": token}, format="json").status_code == HTTPStatus.OK
    again = client.post(ACCEPT_URL, {"token": token}, format="json")
    assert again.status_code == HTTPStatus.BAD_REQUEST
    assert again.json()["code"] == "invitation_used"


def test_an_expired_token_changes_nothing(invite_and_get_token, make_user, tenant_client, tenant):
    user = make_user(email="late@example.com")
    token = invite_and_get_token("late@example.com")
    with tenant:
        Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    response = tenant_client(user).post(ACCEPT_URL, {"token": token}, format="json")

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json()["code"] == "invitation_expired"
    assert not is_member(tenant, user)


def test_a_revoked_token_changes_nothing(
    invite_and_get_token, make_user, tenant_owner, tenant_client, tenant
):
    user = make_user(email="revoked@example.com")
    token = invite_and_get_token("revoked@example.com")
    with tenant:
        invitation_id = Invitation.objects.get(email="revoked@example.com").pk
    tenant_client(tenant_owner).delete(f"{URL}{invitation_id}/")

    response = tenant_client(user).post(ACCEPT_URL, {"token": token}, format="json")

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json()["code"] == "invitation_revoked"
    assert not is_member(tenant, user)


def test_a_reinvite_replaces_the_old_token(invite_and_get_token, make_user, tenant_client):
    user = make_user(email="twice@example.com")
    old = invite_and_get_token("twice@example.com")
    new = invite_and_get_token("twice@example.com")
    client = tenant_client(user)
    assert (
        client.post(ACCEPT_URL, {"token": old}, format="json").status_code == HTTPStatus.NOT_FOUND
    )
    assert client.post(ACCEPT_URL, {"token": new}, format="json").status_code == HTTPStatus.OK


def test_a_token_of_another_organization_is_404(
    invite_and_get_token, make_user, client_for, second_tenant_host, second_tenant
):
    user = make_user(email="foreign@example.com")
    token = invite_and_get_token("foreign@example.com")
    response = client_for(second_tenant_host, user).post(
        ACCEPT_URL, {"token": token}, format="json"
    )
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert not is_member(second_tenant, user)


def test_signed_in_as_another_email_is_refused(
    invite_and_get_token, make_user, tenant_client, tenant
):
    token = invite_and_get_token("intended@example.com")
    intruder = make_user(email="intruder@example.com")
    response = tenant_client(intruder).post(ACCEPT_URL, {"token": token}, format="json")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json()["code"] == "wrong_account"
    assert not is_member(tenant, intruder)


def test_an_existing_account_must_sign_in_rather_than_set_a_password(
    invite_and_get_token, make_user, tenant_client, tenant
):
    user = make_user(email="exists@example.com")
    token = invite_and_get_token("exists@example.com")
    response = tenant_client().post(
        ACCEPT_URL, {"token": token, "password": "a-long-good-password-42"}, format="json"
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json()["code"] == "sign_in_required"
    assert not is_member(tenant, user)


@pytest.mark.parametrize(
    "payload",
    [{}, {"token": ""}, {"token": "x" * 500}, {"token": None}, {"token": 5}, {"token": "\x00"}, []],
)
def test_malformed_tokens_are_400_or_404(payload, tenant_client):
    response = tenant_client().post(ACCEPT_URL, payload, format="json")
    assert response.status_code in {HTTPStatus.BAD_REQUEST, HTTPStatus.NOT_FOUND}


def test_a_new_account_needs_a_strong_password(invite_and_get_token, tenant_client):
    token = invite_and_get_token("weak@example.com")
    response = tenant_client().post(ACCEPT_URL, {"token": token, "password": "123"}, format="json")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "password" in response.json()
    assert not User.objects.filter(email="weak@example.com").exists()
