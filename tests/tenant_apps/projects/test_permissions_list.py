"""Who holds what on a project (`project_permissions_list`): holders in id order, each with
their permissions in name order, read in one query however many holders there are."""

import pytest
from guardian.shortcuts import assign_perm

from tenant_apps.projects.selectors import project_permissions_list
from tenants.roles import Role

pytestmark = pytest.mark.django_db


def test_holders_come_in_id_order_in_one_query(
    tenant_admin, make_member, make_project, tenant, django_assert_num_queries
):
    project = make_project(tenant_admin, name="Shared")  # the creator holds all three
    first, second = make_member(tenant, Role.MEMBER), make_member(tenant, Role.MEMBER)
    with tenant:
        assign_perm("projects.view_project", first, project)
        assign_perm("projects.change_project", second, project)  # sorts before "view"
        with django_assert_num_queries(1):
            holders = project_permissions_list(project=project)
            emails = [holder["email"] for holder in holders]

    assert [holder["user_id"] for holder in holders] == [tenant_admin.pk, first.pk, second.pk]
    assert emails == [tenant_admin.email, first.email, second.email]
    assert [holder["permissions"] for holder in holders] == [
        ["change", "delete", "view"],
        ["view"],
        ["change"],
    ]
