"""Leaving an organization or becoming a viewer takes the matching grants away."""

import pytest
from guardian.shortcuts import get_perms

from core.errors import DomainError
from tenant_apps.memberships.models import Membership
from tenant_apps.memberships.services import membership_remove, membership_role_change
from tenant_apps.projects.services import project_create, project_grant
from tenants.models import MembershipIndex
from tenants.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_project(tenant, tenant_member, make_member):
    colleague = make_member(tenant, Role.MEMBER)
    with tenant:
        project = project_create(actor=tenant_member, name="Shared")
        for permission in ("view", "change", "delete"):
            project_grant(
                actor=tenant_member, project=project, user_id=colleague.pk, permission=permission
            )
    return project, colleague


def test_demoting_to_viewer_keeps_view_and_revokes_change_and_delete(shared_project, tenant):
    project, colleague = shared_project
    with tenant:
        membership_role_change(organization=tenant, user=colleague, role=Role.VIEWER)
    with tenant:
        assert get_perms(colleague, project) == ["view_project"]
        assert Membership.objects.get(user=colleague).role == Role.VIEWER
    assert MembershipIndex.objects.get(organization=tenant, user=colleague).role == Role.VIEWER


def test_removing_a_member_revokes_every_grant_and_the_index_row(shared_project, tenant):
    project, colleague = shared_project
    with tenant:
        membership_remove(organization=tenant, user=colleague)
    with tenant:
        assert get_perms(colleague, project) == []
        assert not Membership.objects.filter(user=colleague).exists()
    assert not MembershipIndex.objects.filter(organization=tenant, user=colleague).exists()


def test_a_removed_members_projects_go_to_the_earliest_owner(tenant, tenant_member):
    with tenant:
        project = project_create(actor=tenant_member, name="Orphan")
        founder = Membership.objects.filter(role=Role.OWNER).order_by("joined_at").first().user
    with tenant:
        membership_remove(organization=tenant, user=tenant_member)
    with tenant:
        project.refresh_from_db()
        assert project.owner == founder


def test_removing_a_non_member_is_an_error(tenant, make_user):
    with pytest.raises(DomainError), tenant:
        membership_remove(organization=tenant, user=make_user())
