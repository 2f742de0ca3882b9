from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from model_bakery import baker

from shared_apps.accounts.models import User
from tenant_apps.memberships.models import Membership
from tenant_apps.projects.models import Project
from tenants.models import MembershipIndex
from tenants.roles import Role

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_erase_user_command(make_member, tenant):
    user = make_member(tenant, Role.MEMBER, email="gone@example.com")
    output = run("erase_user", "GONE@example.com", "--yes")
    assert "gone@example.com" in output
    assert not User.objects.filter(pk=user.pk).exists()


def test_erase_user_needs_confirmation_and_a_known_email(make_member, tenant):
    make_member(tenant, Role.MEMBER, email="stay@example.com")
    with pytest.raises(CommandError, match="--yes"):
        run("erase_user", "stay@example.com")
    with pytest.raises(CommandError, match=r"nobody@example\.com"):
        run("erase_user", "nobody@example.com", "--yes")


def test_erase_user_fails_with_non_zero_exit_for_a_last_owner(tenant):
    with tenant:
        founder = Membership.objects.get(role=Role.OWNER).user
    with pytest.raises(CommandError, match="last owner"):
        run("erase_user", founder.email, "--yes")


def test_erase_user_queues_a_job_past_the_inline_limit_unless_told_to_wait(
    make_member, tenant, settings, django_capture_on_commit_callbacks
):
    settings.ERASE_INLINE_ORGANIZATIONS = 0
    queued = make_member(tenant, Role.MEMBER, email="queued@example.com")
    waited = make_member(tenant, Role.MEMBER, email="waited@example.com")

    with django_capture_on_commit_callbacks(execute=True):
        report = run("erase_user", "queued@example.com", "--yes")
    output = run("erase_user", "waited@example.com", "--yes", "--wait")

    assert "Queued as job" in report
    assert "waited@example.com" in output
    assert not User.objects.filter(pk__in=[queued.pk, waited.pk]).exists()


def test_the_consistency_check_reports_and_repairs_drift(make_member, tenant, assert_index_agrees):
    missing = make_member(tenant, Role.MEMBER)
    wrong_role = make_member(tenant, Role.MEMBER)
    stale = make_member(tenant, Role.MEMBER)
    MembershipIndex.objects.filter(user=missing).delete()
    MembershipIndex.objects.filter(user=wrong_role).update(role=Role.OWNER)
    with tenant:
        Membership.objects.filter(user=stale).delete()

    with pytest.raises(CommandError, match="3 difference"):
        run("check_membership_index")

    output = run("check_membership_index", "--repair")
    assert "repaired" in output
    assert_index_agrees()
    assert MembershipIndex.objects.get(organization=tenant, user=wrong_role).role == Role.MEMBER
    assert "0 difference" in run("check_membership_index")


def test_the_consistency_check_reports_references_to_users_that_no_longer_exist(make_user, tenant):
    # Only raw SQL can do this now that no foreign key crosses schemas; the check finds it.
    ghost = make_user()
    with tenant:
        baker.make(Project, owner=ghost)
    User.objects.filter(pk=ghost.pk)._raw_delete(User.objects.db)

    out = StringIO()
    with pytest.raises(CommandError, match="1 reference"):
        call_command("check_membership_index", "--repair", stdout=out)

    assert f"org_tenant: projects_project.owner_id points at missing user {ghost.pk}" in (
        out.getvalue()
    )
