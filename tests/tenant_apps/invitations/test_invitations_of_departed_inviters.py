"""Policy: an inviter's pending invitations are revoked when they lose the right to send
them, in the same transaction: removed or leaving, demoted below admin, or (owner-role
invitations) demoted from owner to admin."""

from http import HTTPStatus

import pytest

from core.errors import Conflict
from tenant_apps.invitations.models import Invitation, InvitationStatus
from tenant_apps.memberships.models import Membership
from tenant_apps.memberships.services import (
    member_remove,
    member_role_set,
    membership_role_change,
    ownership_transfer,
)
from tenants.roles import Role
from tenants.services.erasure import user_erase
from tests.fixtures.mail import invite_and_read_token

pytestmark = pytest.mark.django_db
ACCEPT_URL = "/api/v1/invitations/accept/"


def invite(organization, actor, email: str, role: str = Role.ADMIN) -> str:
    return invite_and_read_token(organization, actor, email, role)


def status_of(organization, email: str) -> str:
    with organization:
        return Invitation.objects.get(email=email).status


@pytest.fixture
def admin_with_invitations(make_member, tenant):
    admin = make_member(tenant, Role.ADMIN)
    invite(tenant, admin, "first@example.com")
    invite(tenant, admin, "second@example.com", Role.MEMBER)
    return admin


@pytest.mark.parametrize("departure", ["removed", "leaves", "made member", "made viewer"])
def test_an_admin_who_loses_admin_has_their_pending_invitations_revoked(
    departure, admin_with_invitations, tenant_owner, make_member, tenant
):
    other_admin = make_member(tenant, Role.ADMIN)
    invite(tenant, other_admin, "kept@example.com")
    admin = admin_with_invitations
    with tenant:
        if departure == "removed":
            member_remove(organization=tenant, actor=tenant_owner, user_id=admin.pk)
        elif departure == "leaves":
            member_remove(organization=tenant, actor=admin, user_id=admin.pk)
        else:
            role = Role.MEMBER if departure == "made member" else Role.VIEWER
            member_role_set(organization=tenant, actor=tenant_owner, user_id=admin.pk, role=role)

    assert status_of(tenant, "first@example.com") == InvitationStatus.REVOKED
    assert status_of(tenant, "second@example.com") == InvitationStatus.REVOKED
    assert status_of(tenant, "kept@example.com") == InvitationStatus.PENDING


def test_the_revoked_token_no_longer_admits_anyone(
    make_member, tenant_owner, tenant, tenant_client, make_user
):
    admin = make_member(tenant, Role.ADMIN)
    token = invite(tenant, admin, "invitee@example.com")
    invitee = make_user(email="invitee@example.com")
    with tenant:
        member_remove(organization=tenant, actor=tenant_owner, user_id=admin.pk)

    response = tenant_client(invitee).post(ACCEPT_URL, {"token": token}, format="json")

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json()["code"] == "invitation_revoked"
    with tenant:
        assert not Membership.objects.filter(user=invitee).exists()


def test_an_owner_who_becomes_admin_keeps_only_the_invitations_an_admin_may_send(
    make_member, tenant_owner, tenant
):
    with tenant:
        heir = make_member(tenant, Role.MEMBER)
    invite(tenant, tenant_owner, "future-owner@example.com", Role.OWNER)
    invite(tenant, tenant_owner, "future-admin@example.com", Role.ADMIN)

    with tenant:
        ownership_transfer(organization=tenant, actor=tenant_owner, user_id=heir.pk)

    assert status_of(tenant, "future-owner@example.com") == InvitationStatus.REVOKED
    assert status_of(tenant, "future-admin@example.com") == InvitationStatus.PENDING


def test_a_promotion_or_a_refused_demotion_revokes_nothing(make_member, tenant):
    with tenant:
        founder = Membership.objects.get(role=Role.OWNER).user
    invite(tenant, founder, "stays@example.com", Role.OWNER)
    with pytest.raises(Conflict) as refused, tenant:
        membership_role_change(organization=tenant, user=founder, role=Role.MEMBER)
    assert refused.value.code == "last_owner"
    assert status_of(tenant, "stays@example.com") == InvitationStatus.PENDING

    admin = make_member(tenant, Role.ADMIN)
    invite(tenant, admin, "also-stays@example.com")
    with tenant:
        membership_role_change(organization=tenant, user=admin, role=Role.OWNER)
    assert status_of(tenant, "also-stays@example.com") == InvitationStatus.PENDING


def test_accepted_invitations_are_left_alone(make_member, tenant_owner, tenant, make_user):
    admin = make_member(tenant, Role.ADMIN)
    invite(tenant, admin, "joined@example.com", Role.MEMBER)
    with tenant:
        Invitation.objects.filter(email="joined@example.com").update(
            status=InvitationStatus.ACCEPTED
        )
        member_remove(organization=tenant, actor=tenant_owner, user_id=admin.pk)
    assert status_of(tenant, "joined@example.com") == InvitationStatus.ACCEPTED


def test_erasing_an_admin_revokes_their_pending_invitations(admin_with_invitations, tenant):
    user_erase(user=admin_with_invitations)
    with tenant:
        for email in ("first@example.com", "second@example.com"):
            invitation = Invitation.objects.get(email=email)
            assert (invitation.status, invitation.invited_by_id) == (InvitationStatus.REVOKED, None)
