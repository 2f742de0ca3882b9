from http import HTTPStatus

import pytest
from django.core import mail

from tenant_apps.invitations.models import Invitation
from tests.fixtures.urls import INVITATIONS_URL

pytestmark = pytest.mark.django_db
URL = INVITATIONS_URL


def invite(client, email="new.person@example.com", role="member"):
    return client.post(URL, {"email": email, "role": role}, format="json")


@pytest.mark.parametrize("inviter", ["tenant_owner", "tenant_admin"])
def test_owners_and_admins_invite_by_email_and_the_email_carries_a_token(
    inviter, request, tenant_client, tenant, assert_index_agrees, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(tenant_client(request.getfixturevalue(inviter)))

    assert response.status_code == HTTPStatus.CREATED
    body = response.json()
    assert body["email"] == "new.person@example.com"
    assert body["role"] == "member"
    assert body["status"] == "pending"
    assert "token" not in body
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.person@example.com"]
    assert "https://tenant.testserver.local/invitations/accept/?token=" in mail.outbox[0].body
    with tenant:
        invitation = Invitation.objects.get(email="new.person@example.com")
    valid_for = invitation.expires_at - invitation.created_at
    assert abs(valid_for.total_seconds() - 7 * 24 * 3600) < 60
    assert invitation.token_digest not in mail.outbox[0].body
    assert_index_agrees()


@pytest.mark.parametrize("inviter", ["tenant_member", "tenant_viewer"])
def test_members_and_viewers_cannot_invite(inviter, request, tenant_client):
    assert (
        invite(tenant_client(request.getfixturevalue(inviter))).status_code == HTTPStatus.FORBIDDEN
    )
    assert mail.outbox == []


def test_an_admin_cannot_invite_an_owner_but_an_owner_can(
    tenant_admin, tenant_owner, tenant_client
):
    assert invite(tenant_client(tenant_admin), role="owner").status_code == HTTPStatus.FORBIDDEN
    assert invite(tenant_client(tenant_owner), role="owner").status_code == HTTPStatus.CREATED


def test_reinviting_is_idempotent_one_pending_invitation_per_email(
    tenant_owner, tenant_client, tenant, django_capture_on_commit_callbacks
):
    client = tenant_client(tenant_owner)
    # Each request commits before the next: its mail job runs then. (A job still waiting
    # when the re-invite replaced its token sends nothing: test_mail_job.py.)
    with django_capture_on_commit_callbacks(execute=True):
        first = invite(client, email="Again@Example.com")
    with django_capture_on_commit_callbacks(execute=True):
        second = invite(client, email="again@example.com", role="viewer")

    assert second.status_code == HTTPStatus.OK
    assert second.json()["id"] == first.json()["id"]
    assert second.json()["role"] == "viewer"
    with tenant:
        assert Invitation.objects.filter(email="again@example.com").count() == 1
    assert len(mail.outbox) == 2  # sent again, with a fresh token


def test_inviting_an_existing_member_is_409(tenant_owner, tenant_member, tenant_client):
    response = invite(tenant_client(tenant_owner), email=tenant_member.email.upper())
    assert response.status_code == HTTPStatus.CONFLICT
    assert response.json()["code"] == "already_member"


def test_list_shows_pending_invitations_only(tenant_owner, tenant_client):
    client = tenant_client(tenant_owner)
    invite(client, email="a@example.com")
    revoked = invite(client, email="b@example.com").json()
    client.delete(f"{URL}{revoked['id']}/")

    response = client.get(URL)

    assert response.status_code == HTTPStatus.OK
    assert [row["email"] for row in response.json()["results"]] == ["a@example.com"]


def test_revoke_is_404_for_unknown_and_409_for_used(tenant_owner, tenant_client):
    client = tenant_client(tenant_owner)
    assert client.delete(f"{URL}999999/").status_code == HTTPStatus.NOT_FOUND
    invitation = invite(client).json()
    assert client.delete(f"{URL}{invitation['id']}/").status_code == HTTPStatus.NO_CONTENT
    again = client.delete(f"{URL}{invitation['id']}/")
    assert again.status_code == HTTPStatus.CONFLICT
    assert again.json()["code"] == "not_pending"


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"email": "not-an-email", "role": "member"},
        {"email": "x@example.com", "role": "emperor"},
        {"email": "x@example.com"},
        {"email": ["x@example.com"], "role": "member"},
        {"email": "x\x00@example.com", "role": "member"},
        [],
    ],
)
def test_bad_invitation_input_is_400(payload, tenant_owner, tenant_client):
    response = tenant_client(tenant_owner).post(URL, payload, format="json")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert mail.outbox == []
