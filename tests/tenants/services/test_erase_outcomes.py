"""What an erasure leaves and what it says when it refuses (tenants/services/erasure.py):
invitations of an inviter out of step with the membership table, and the refusal messages,
which tell the operator that nothing was erased."""

import pytest
from model_bakery import baker

from core.errors import DomainError
from tenant_apps.invitations.models import Invitation, InvitationStatus
from tenant_apps.invitations.services import invitation_create
from tenant_apps.memberships.models import Membership
from tenant_apps.memberships.services import membership_add
from tenant_apps.projects.models import Project
from tenants.models import MembershipIndex
from tenants.roles import Role
from tenants.services import erasure
from tenants.services.erasure import user_erase

pytestmark = pytest.mark.django_db


def test_pending_invitations_of_an_inviter_no_longer_in_the_membership_table_are_revoked(
    make_member, tenant
):
    inviter = make_member(tenant, Role.ADMIN)
    with tenant:
        invitation_create(
            organization=tenant, actor=inviter, email="pending@example.com", role=Role.MEMBER
        )
        Membership.objects.filter(user=inviter).delete()  # drift: no lapse ran
    MembershipIndex.objects.filter(user=inviter).delete()

    user_erase(user=inviter)

    with tenant:
        invitation = Invitation.objects.get(email="pending@example.com")
    assert invitation.status == InvitationStatus.REVOKED
    assert invitation.invited_by_id is None


def test_the_last_owner_is_told_to_transfer_ownership_and_that_nothing_was_erased(tenant):
    with tenant:
        founder = Membership.objects.get(role=Role.OWNER).user
    with pytest.raises(DomainError) as error:
        user_erase(user=founder)
    assert error.value.message.endswith("Transfer ownership first; nothing was erased.")


def test_references_left_in_several_schemas_are_all_named(
    make_member, tenant, second_tenant, monkeypatch
):
    user = make_member(tenant, Role.MEMBER)
    with second_tenant:
        membership_add(organization=second_tenant, user=user, role=Role.MEMBER)
    monkeypatch.setattr(erasure, "_erase_in_schema", lambda organization, user: None)

    with pytest.raises(DomainError) as error:
        user_erase(user=user)

    assert error.value.message == (
        f"{user.email} is still referenced in schema(s) "
        f"{second_tenant.schema_name}, {tenant.schema_name}; nothing was erased."
    )


def test_a_project_owned_outside_any_membership_is_named_as_the_reason(make_user, tenant):
    user = make_user()
    with tenant:
        baker.make(Project, owner=user)

    with pytest.raises(DomainError) as error:
        user_erase(user=user)

    assert error.value.code == "erase_failed"
    assert error.value.message == (
        f"{user.email} owns projects in {tenant.schema_name} but is not a member."
    )
