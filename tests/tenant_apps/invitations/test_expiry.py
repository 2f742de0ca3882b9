"""The scheduled expiry of stale invitations (tenant_apps/invitations/jobs.py): a pending
invitation past its `expires_at` becomes `expired`, is no longer listed as pending, cannot
be accepted or resent, and the email can be invited again."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.conf import settings
from django.utils import timezone
from model_bakery import baker

from core.jobs import app
from tenant_apps.invitations.jobs import expire_stale_invitations
from tenant_apps.invitations.models import Invitation, InvitationStatus
from tenant_apps.invitations.services import invitations_expire_stale
from tests.fixtures.urls import INVITATIONS_URL

pytestmark = pytest.mark.django_db
ACCEPT_URL = "/api/v1/invitations/accept/"


def invitation(email: str, *, status=InvitationStatus.PENDING, hours_left: float) -> Invitation:
    return baker.make(
        Invitation,
        email=email,
        role="member",
        status=status,
        token_digest=baker.random_gen.gen_string(64),
        expires_at=timezone.now() + timedelta(hours=hours_left),
    )


def statuses() -> dict[str, str]:
    return dict(Invitation.objects.values_list("email", "status"))


def test_only_pending_invitations_past_their_expiry_expire(tenant):
    with tenant:
        invitation("stale@example.com", hours_left=-1)
        invitation("fresh@example.com", hours_left=1)
        invitation("used@example.com", status=InvitationStatus.ACCEPTED, hours_left=-1)
        invitation("revoked@example.com", status=InvitationStatus.REVOKED, hours_left=-1)

        assert invitations_expire_stale() == 1

        assert statuses() == {
            "stale@example.com": "expired",
            "fresh@example.com": "pending",
            "used@example.com": "accepted",
            "revoked@example.com": "revoked",
        }
        assert Invitation.objects.get(email="stale@example.com").responded_at is None
        assert invitations_expire_stale() == 0  # a second run changes nothing


def test_the_job_expires_the_invitations_of_its_own_organization_only(tenant, second_tenant):
    with second_tenant:
        invitation("elsewhere@example.com", hours_left=-1)
    with tenant:
        invitation("here@example.com", hours_left=-1)

        assert expire_stale_invitations.run(period="test") == 1

        assert statuses() == {"here@example.com": "expired"}
    with second_tenant:
        assert statuses() == {"elsewhere@example.com": "pending"}


def test_beat_fans_the_expiry_out_daily_over_organizations():
    entries = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "tenants.jobs.fan_out"
        and entry["args"][0] == "invitations.expire_stale"
    ]
    assert [entry["args"][1] for entry in entries] == [86400]
    assert expire_stale_invitations.name in app.tasks  # what beat names, a worker knows


def test_an_expired_invitation_is_not_listed_accepted_or_resent(
    tenant, tenant_owner, tenant_client
):
    with tenant:
        stale = invitation("stale@example.com", hours_left=-1)
        invitations_expire_stale()
    client = tenant_client(tenant_owner)

    listed = client.get(INVITATIONS_URL).json()
    resent = client.post(f"{INVITATIONS_URL}{stale.pk}/resend/")

    assert [row["email"] for row in listed["results"]] == []
    assert resent.status_code == HTTPStatus.CONFLICT
    assert resent.json()["code"] == "not_pending"
    assert "expired" in resent.json()["detail"]


def test_an_expired_invitation_token_is_refused_as_expired(
    tenant, make_user, tenant_client, invite_and_get_token
):
    user = make_user(email="late@example.com")
    token = invite_and_get_token("late@example.com")
    with tenant:
        # expired by the chore, then (say) its expiry pushed back by hand: the status rules
        Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
        invitations_expire_stale()
        Invitation.objects.update(expires_at=timezone.now() + timedelta(days=1))

    response = tenant_client(user).post(ACCEPT_URL, {"token": token}, format="json")

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json()["code"] == "invitation_expired"


def test_the_email_of_an_expired_invitation_can_be_invited_again(
    tenant, tenant_owner, tenant_client
):
    with tenant:
        stale = invitation("again@example.com", hours_left=-1)
        invitations_expire_stale()

    response = tenant_client(tenant_owner).post(
        INVITATIONS_URL, {"email": "again@example.com", "role": "viewer"}, format="json"
    )

    assert response.status_code == HTTPStatus.CREATED
    assert response.json()["id"] != stale.pk
    assert response.json()["status"] == "pending"
