import time

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from guardian.models import UserObjectPermission
from model_bakery import baker

from core.errors import DomainError
from shared_apps.accounts.models import AccessToken, User, UserDeletionRefused
from shared_apps.accounts.services import access_token_issue
from tenant_apps.invitations.models import Invitation
from tenant_apps.invitations.services import invitation_create
from tenant_apps.memberships.models import Membership
from tenant_apps.memberships.services import membership_add, membership_remove
from tenant_apps.projects.models import Project
from tenant_apps.projects.services import project_create
from tenants.models import MembershipIndex, Organization
from tenants.roles import Role
from tenants.services import erasure
from tenants.services.erasure import user_erase

pytestmark = pytest.mark.django_db


def session_for(user) -> str:
    store = SessionStore()
    store["_auth_user_id"] = str(user.pk)
    store.create()
    return store.session_key


@pytest.fixture
def busy_user(make_member, tenant, second_tenant):
    """A member of two organizations with projects, grants, an invitation sent, tokens and
    a session."""
    user = make_member(tenant, Role.ADMIN)
    with second_tenant:
        membership_add(organization=second_tenant, user=user, role=Role.MEMBER)
    for organization in (tenant, second_tenant):
        with organization:
            project_create(actor=user, name=f"Project of {organization.slug}")
    with tenant:
        invitation_create(
            organization=tenant, actor=user, email="someone@example.com", role=Role.MEMBER
        )
    access_token_issue(user=user)
    session_for(user)
    return user


def test_a_plain_delete_is_refused_from_the_root_domain(busy_user):
    with pytest.raises(UserDeletionRefused, match="erase_user"):
        busy_user.delete()
    with pytest.raises(UserDeletionRefused):
        User.objects.filter(pk=busy_user.pk).delete()
    assert User.objects.filter(pk=busy_user.pk).exists()


def test_erase_removes_the_user_everywhere(busy_user, tenant, second_tenant, assert_index_agrees):
    user_id, email = busy_user.pk, busy_user.email
    session_key = session_for(busy_user)

    user_erase(user=busy_user)

    assert not User.objects.filter(pk=user_id).exists()
    assert not AccessToken.objects.filter(user_id=user_id).exists()
    assert not MembershipIndex.objects.filter(user_id=user_id).exists()
    assert not Session.objects.filter(session_key=session_key).exists()
    for organization in (tenant, second_tenant):
        with organization:
            assert not Membership.objects.filter(user_id=user_id).exists()
            assert not UserObjectPermission.objects.filter(user_id=user_id).exists()
            assert not Project.objects.filter(owner_id=user_id).exists()
            # their projects stay, reassigned to the organization's earliest owner
            assert Project.objects.filter(name=f"Project of {organization.slug}").exists()
    with tenant:
        assert Invitation.objects.get(email="someone@example.com").invited_by_id is None
        assert not Invitation.objects.filter(email=email).exists()
    assert_index_agrees()


def test_a_failure_in_one_schema_changes_nothing_and_names_the_schema(
    busy_user, second_tenant, monkeypatch
):
    visit = erasure._erase_in_schema

    def failing(organization, user):
        visit(organization, user)
        if organization.pk == second_tenant.pk:
            raise RuntimeError("disk on fire")

    monkeypatch.setattr(erasure, "_erase_in_schema", failing)

    with pytest.raises(DomainError) as error:
        user_erase(user=busy_user)

    assert "org_second_tenant" in error.value.message
    assert User.objects.filter(pk=busy_user.pk).exists()
    assert MembershipIndex.objects.filter(user=busy_user).count() == 2
    with second_tenant:
        assert Membership.objects.filter(user=busy_user).exists()


def test_the_last_owner_of_an_organization_cannot_be_erased(tenant):
    with tenant:
        founder = Membership.objects.get(role=Role.OWNER).user
    with pytest.raises(DomainError) as error:
        user_erase(user=founder)
    assert error.value.code == "last_owner"
    assert "tenant" in error.value.message
    assert User.objects.filter(pk=founder.pk).exists()


def test_memberships_missing_from_the_index_are_found_and_erased(make_member, tenant):
    user = make_member(tenant, Role.MEMBER)
    MembershipIndex.objects.filter(user=user).delete()  # drift
    user_erase(user=user)
    with tenant:
        assert not Membership.objects.filter(user_id=user.pk).exists()


def test_erasing_a_member_of_twenty_organizations(make_user, capsys):
    # Twenty organizations made in this transaction (provisioning is part of setup).
    from tenants.services.provisioning import organization_create

    owner = make_user(email="owner-of-twenty@example.com")
    user = make_user(email="member-of-twenty@example.com")
    organizations = [
        organization_create(name=f"Org {index}", slug=f"twenty-{index}", owner_email=owner.email)
        for index in range(20)
    ]
    for organization in organizations:
        with organization:
            membership_add(organization=organization, user=user, role=Role.MEMBER)
        with organization:
            project_create(actor=user, name="Work")

    started = time.perf_counter()
    user_erase(user=user)
    elapsed = time.perf_counter() - started

    assert not User.objects.filter(pk=user.pk).exists()
    assert not MembershipIndex.objects.filter(user_id=user.pk).exists()
    for organization in organizations:
        with organization:
            assert Project.objects.get().owner == owner
    with capsys.disabled():
        print(f"\n[erase_user] 20 organizations erased in {elapsed * 1000:.0f} ms")
    assert Organization.objects.filter(slug__startswith="twenty-").count() == 20


def test_references_left_in_an_organization_the_user_has_left_are_cleared(make_member, tenant):
    # No database foreign key guards these any more: erasure must find them itself.
    user = make_member(tenant, Role.ADMIN)
    with tenant:
        invitation_create(organization=tenant, actor=user, email="later@example.com", role="member")
    with tenant:
        membership_remove(organization=tenant, user=user)
    with tenant:
        project = baker.make(Project, owner=baker.make(User))
        UserObjectPermission.objects.assign_perm("view_project", user, project)

    user_erase(user=user)

    with tenant:
        assert Invitation.objects.get(email="later@example.com").invited_by_id is None
        assert not UserObjectPermission.objects.filter(user_id=user.pk).exists()
    assert not User.objects.filter(pk=user.pk).exists()


def test_a_project_owned_outside_any_membership_stops_the_erase(make_user, tenant):
    user = make_user()
    with tenant:
        baker.make(Project, owner=user)

    with pytest.raises(DomainError) as error:
        user_erase(user=user)

    assert "org_tenant" in error.value.message
    assert User.objects.filter(pk=user.pk).exists()


def test_a_reference_erasure_does_not_handle_stops_the_erase(make_member, tenant, monkeypatch):
    user = make_member(tenant, Role.MEMBER)
    monkeypatch.setattr(erasure, "_erase_in_schema", lambda organization, user: None)
    monkeypatch.setattr(erasure, "membership_remove", lambda **kwargs: None)

    with pytest.raises(DomainError) as error:
        user_erase(user=user)

    assert error.value.code == "erase_failed"
    assert "org_tenant" in error.value.message
    assert User.objects.filter(pk=user.pk).exists()
