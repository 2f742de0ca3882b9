"""Services act in the active schema and never switch it (docs/architecture.md, "The
active schema"); one handed an organization refuses to run in any other schema."""

import pytest
from model_bakery import baker

from tenant_apps.invitations.models import Invitation
from tenant_apps.invitations.services import invitation_create
from tenant_apps.memberships.models import Membership
from tenant_apps.memberships.services import membership_add
from tenants.active_schema import WrongActiveSchema
from tenants.models import MembershipIndex
from tenants.roles import Role


def test_a_membership_written_from_public_is_refused_and_nothing_is_written(tenant):
    user = baker.make("accounts.User")

    with pytest.raises(WrongActiveSchema):
        membership_add(organization=tenant, user=user, role=Role.MEMBER)

    assert not MembershipIndex.objects.filter(user=user).exists()
    with tenant:
        assert not Membership.objects.filter(user=user).exists()


def test_an_invitation_for_one_organization_is_refused_in_another_ones_schema(
    tenant, second_tenant, tenant_owner
):
    with pytest.raises(WrongActiveSchema), second_tenant:
        invitation_create(
            organization=tenant, actor=tenant_owner, email="new@example.com", role=Role.MEMBER
        )

    for organization in (tenant, second_tenant):
        with organization:
            assert not Invitation.objects.filter(email="new@example.com").exists()
