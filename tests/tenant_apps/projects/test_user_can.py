"""`user_can` for a viewer, asked directly: the API asks it only for change, delete and
manage, so the view rule of a viewer is pinned here."""

import pytest
from guardian.shortcuts import assign_perm

from tenant_apps.memberships.models import Membership
from tenant_apps.projects.selectors import user_can

pytestmark = pytest.mark.django_db


def test_a_viewer_may_view_a_project_only_once_granted_and_never_change_it(
    tenant_member, tenant_viewer, make_project, tenant
):
    project = make_project(tenant_member, name="Granted")
    with tenant:
        membership = Membership.objects.get(user=tenant_viewer)

        def can(action: str) -> bool:
            return user_can(
                user=tenant_viewer, membership=membership, project=project, action=action
            )

        assert not can("view")
        assign_perm("projects.view_project", tenant_viewer, project)
        assign_perm("projects.change_project", tenant_viewer, project)
        assert can("view")
        assert not can("change")
        assert not can("manage")
