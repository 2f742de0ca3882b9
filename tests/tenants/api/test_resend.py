"""Resending the set-password link of a new organization's owner, and an invitation."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.core import mail
from django.utils import timezone

from shared_apps.accounts.models import User
from tenant_apps.invitations.models import Invitation
from tests.fixtures.mail import last_mail_field
from tests.fixtures.urls import INVITATIONS_URL, ORGANIZATIONS_URL

pytestmark = pytest.mark.django_db


def resend_link_url(slug: str) -> str:
    return f"{ORGANIZATIONS_URL}{slug}/owner/resend-set-password/"


@pytest.fixture
def platform(client_for, root_host, platform_admin):
    return client_for(root_host, platform_admin)


@pytest.fixture
def new_organization(platform, django_capture_on_commit_callbacks):
    """An organization whose owner is new, so still has to choose a password."""
    with django_capture_on_commit_callbacks(execute=True):
        response = platform.post(
            ORGANIZATIONS_URL,
            {"name": "Fresh", "slug": "fresh", "owner_email": "fresh.owner@example.com"},
            format="json",
        )
    assert response.status_code == HTTPStatus.CREATED
    mail.outbox.clear()
    return "fresh"


def test_the_set_password_link_is_resent_and_the_new_link_sets_the_password(
    new_organization, platform, root_host, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = platform.post(resend_link_url(new_organization))

    assert response.status_code == HTTPStatus.OK
    # Answered before the test's transaction (standing in for the request's) commits.
    assert response.json() == {"email": "fresh.owner@example.com", "mail": {"status": "pending"}}
    assert [message.to for message in mail.outbox] == [["fresh.owner@example.com"]]
    payload = {
        "uid": last_mail_field("uid"),
        "token": last_mail_field("token"),
        "password": "a-long-good-password-42",
    }
    set_password = client_for(root_host).post("/api/v1/auth/password/set/", payload, format="json")
    assert set_password.status_code == HTTPStatus.NO_CONTENT
    assert User.objects.get(email="fresh.owner@example.com").is_active


def test_no_link_is_resent_once_the_owner_has_a_password(new_organization, platform):
    owner = User.objects.get(email="fresh.owner@example.com")
    owner.set_password("a-long-good-password-42")
    owner.is_active = True
    owner.save()

    response = platform.post(resend_link_url(new_organization))

    assert response.status_code == HTTPStatus.CONFLICT
    assert response.json()["code"] == "password_already_set"
    assert mail.outbox == []


def test_resending_for_an_unknown_organization_is_404(platform):
    response = platform.post(resend_link_url("nowhere"))
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert response.json()["code"] == "not_found"


@pytest.fixture
def invite(tenant_client, django_capture_on_commit_callbacks):
    def make(actor, email="invitee@example.com", role="member") -> int:
        with django_capture_on_commit_callbacks(execute=True):
            response = tenant_client(actor).post(
                INVITATIONS_URL, {"email": email, "role": role}, format="json"
            )
        assert response.status_code == HTTPStatus.CREATED
        return response.json()["id"]

    return make


def resend(client, invitation_id: int):
    return client.post(f"{INVITATIONS_URL}{invitation_id}/resend/")


def accept(client, token: str):
    return client.post(
        f"{INVITATIONS_URL}accept/",
        {"token": token, "password": "a-long-good-password-42"},
        format="json",
    )


@pytest.mark.parametrize("sender", ["tenant_owner", "tenant_admin"])
def test_resending_an_invitation_refreshes_its_token_and_expiry(
    sender, request, invite, tenant, tenant_client, django_capture_on_commit_callbacks
):
    actor = request.getfixturevalue(sender)
    invitation_id = invite(actor)
    old_token = last_mail_field("token")
    with tenant:
        Invitation.objects.filter(pk=invitation_id).update(
            expires_at=timezone.now() + timedelta(hours=1)
        )

    with django_capture_on_commit_callbacks(execute=True):
        response = resend(tenant_client(actor), invitation_id)

    assert response.status_code == HTTPStatus.OK
    assert response.json()["id"] == invitation_id
    assert response.json()["status"] == "pending"
    assert response.json()["mail"] == {"status": "pending"}
    assert len(mail.outbox) == 2
    assert mail.outbox[-1].to == ["invitee@example.com"]
    new_token = last_mail_field("token")
    with tenant:
        invitation = Invitation.objects.get(pk=invitation_id)
    assert invitation.expires_at - timezone.now() > timedelta(days=6)
    assert accept(tenant_client(), old_token).json()["code"] == "invitation_not_found"
    assert accept(tenant_client(), new_token).status_code == HTTPStatus.OK


def test_members_cannot_resend_and_admins_cannot_resend_an_owner_invitation(
    invite, tenant_owner, tenant_admin, tenant_member, tenant_client
):
    member_invitation = invite(tenant_owner)
    owner_invitation = invite(tenant_owner, email="future.owner@example.com", role="owner")
    mail.outbox.clear()

    refused_member = resend(tenant_client(tenant_member), member_invitation)
    refused_admin = resend(tenant_client(tenant_admin), owner_invitation)

    assert refused_member.status_code == HTTPStatus.FORBIDDEN
    assert refused_admin.status_code == HTTPStatus.FORBIDDEN
    assert refused_admin.json()["code"] == "forbidden"
    assert mail.outbox == []


def test_a_revoked_invitation_is_not_resent_and_an_unknown_one_is_404(
    invite, tenant_owner, tenant_client
):
    invitation_id = invite(tenant_owner)
    client = tenant_client(tenant_owner)
    assert client.delete(f"{INVITATIONS_URL}{invitation_id}/").status_code == 204
    mail.outbox.clear()

    revoked = resend(client, invitation_id)
    unknown = resend(client, invitation_id + 1000)

    assert revoked.status_code == HTTPStatus.CONFLICT
    assert revoked.json()["code"] == "not_pending"
    assert unknown.status_code == HTTPStatus.NOT_FOUND
    assert mail.outbox == []
