"""`check_organization_invariants`: every organization has an owner, and no grant or
project belongs to someone who is not a member. It reports and exits non-zero."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from guardian.shortcuts import assign_perm
from model_bakery import baker

from tenant_apps.memberships.models import Membership
from tenant_apps.projects.models import Project
from tenants.roles import Role

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("check_organization_invariants", *args, stdout=out)
    return out.getvalue()


def test_healthy_organizations_pass(tenant, second_tenant, tenant_member):
    assert "0 problem(s)" in run()


def test_an_organization_without_owner_and_grants_or_projects_of_non_members_fail(
    tenant, make_user, tenant_member
):
    outsider = make_user()
    with tenant:
        Membership.objects.filter(role=Role.OWNER).update(role=Role.ADMIN)
        project = baker.make(Project, owner=outsider, slug="orphan")
        assign_perm("projects.view_project", outsider, project)
        assign_perm("projects.change_project", outsider, project)

    out = StringIO()
    with pytest.raises(CommandError, match="3 problem"):
        call_command("check_organization_invariants", stdout=out)

    lines = out.getvalue().splitlines()
    assert "tenant: no owner" in lines
    assert f"tenant: 2 grant(s) held by user {outsider.pk}, who is not a member" in lines
    assert f"tenant: 1 project(s) owned by user {outsider.pk}, who is not a member" in lines
    assert not any(line.startswith("second-tenant") for line in lines)
