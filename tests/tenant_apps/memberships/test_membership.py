import pytest
from django.db import IntegrityError
from model_bakery import baker

from core.errors import DomainError
from tenant_apps.memberships.models import Membership
from tenant_apps.memberships.services import membership_add
from tenants.models import MembershipIndex
from tenants.roles import Role

pytestmark = pytest.mark.django_db


def test_membership_add_writes_the_tenant_row_and_the_public_index(tenant):
    user = baker.make("accounts.User")

    with tenant:
        membership = membership_add(organization=tenant, user=user, role=Role.MEMBER)

    assert membership.role == Role.MEMBER
    assert membership.joined_at is not None
    with tenant:
        assert Membership.objects.filter(user=user, role=Role.MEMBER).exists()
    assert MembershipIndex.objects.filter(organization=tenant, user=user, role=Role.MEMBER).exists()


def test_a_user_is_a_member_of_an_organization_at_most_once(tenant):
    user = baker.make("accounts.User")
    with tenant:
        membership_add(organization=tenant, user=user, role=Role.MEMBER)

    with pytest.raises(DomainError) as error, tenant:
        membership_add(organization=tenant, user=user, role=Role.ADMIN)

    assert error.value.code == "already_member"
    assert MembershipIndex.objects.get(organization=tenant, user=user).role == Role.MEMBER


def test_the_index_is_unique_per_user_and_organization(tenant):
    user = baker.make("accounts.User")
    MembershipIndex.objects.create(organization=tenant, user=user, role=Role.MEMBER)
    with pytest.raises(IntegrityError):
        MembershipIndex.objects.create(organization=tenant, user=user, role=Role.ADMIN)


def test_an_unknown_role_is_refused(tenant):
    user = baker.make("accounts.User")
    with pytest.raises(DomainError) as error, tenant:
        membership_add(organization=tenant, user=user, role="emperor")
    assert error.value.code == "invalid"
    assert not MembershipIndex.objects.filter(user=user).exists()


def test_the_tenant_row_is_rolled_back_when_the_index_write_fails(tenant):
    user = baker.make("accounts.User")
    # Drift: an index row without its tenant membership makes the second write fail.
    MembershipIndex.objects.create(organization=tenant, user=user, role=Role.VIEWER)

    with pytest.raises(IntegrityError), tenant:
        membership_add(organization=tenant, user=user, role=Role.MEMBER)

    with tenant:
        assert not Membership.objects.filter(user=user).exists()
