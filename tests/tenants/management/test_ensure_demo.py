from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from tenant_apps.memberships.models import Membership
from tenants.models import Domain, MembershipIndex, Organization
from tenants.roles import Role

pytestmark = pytest.mark.django_db


def run_ensure_demo() -> str:
    out = StringIO()
    call_command("ensure_demo", "--port", "8000", stdout=out)
    return out.getvalue()


def test_ensure_demo_creates_acme_with_its_domain_and_a_demo_owner(settings):
    output = run_ensure_demo()

    acme = Organization.objects.get(slug="acme")
    assert Domain.objects.get(tenant=acme, is_primary=True).domain == (
        f"acme.{settings.TENANT_BASE_DOMAIN}"
    )
    owner = authenticate(email="owner@example.com", password="tenantry-demo")
    assert owner is not None
    assert MembershipIndex.objects.get(organization=acme, user=owner).role == Role.OWNER
    with acme:
        assert Membership.objects.get(user=owner).role == Role.OWNER
    assert f"http://acme.{settings.TENANT_BASE_DOMAIN}:8000/" in output
    assert "owner@example.com" in output
    assert "tenantry-demo" in output


def test_ensure_demo_makes_a_platform_admin():
    output = run_ensure_demo()
    admin = authenticate(email="admin@example.com", password="tenantry-demo")
    assert admin.is_staff
    assert admin.is_superuser
    assert "admin@example.com" in output
    assert "/api/v1/platform/organizations/" in output
    assert "/admin/" in output


def test_ensure_demo_is_idempotent():
    run_ensure_demo()
    run_ensure_demo()
    assert Organization.objects.filter(slug="acme").count() == 1
    # the owner, the member and the viewer, once each
    assert MembershipIndex.objects.filter(organization__slug="acme").count() == 3


def test_ensure_demo_seeds_projects_a_member_and_a_viewer():
    from tenant_apps.projects.models import Project

    output = run_ensure_demo()
    run_ensure_demo()
    acme = Organization.objects.get(slug="acme")
    with acme:
        roles = dict(Membership.objects.values_list("user__email", "role"))
        assert Project.objects.count() >= 3
    assert roles["member@example.com"] == Role.MEMBER
    assert roles["viewer@example.com"] == Role.VIEWER
    assert authenticate(email="viewer@example.com", password="tenantry-demo") is not None
    assert "viewer@example.com" in output
