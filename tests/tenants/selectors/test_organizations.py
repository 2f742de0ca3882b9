"""The platform's reads across organizations (tenants/selectors/organizations.py): the primary
domain each row carries, project counts read across schemas, the 404 of an unknown slug."""

from http import HTTPStatus

import pytest
from model_bakery import baker

from tenants.models import Domain, MembershipIndex, Organization
from tenants.roles import Role
from tenants.selectors import organization_list, organization_overview, project_counts
from tests.fixtures.urls import ORGANIZATIONS_URL

pytestmark = pytest.mark.django_db


def test_each_organization_carries_its_own_primary_domain(tenant, second_tenant):
    Domain.objects.filter(tenant=tenant).update(is_primary=False)
    baker.make(Domain, tenant=tenant, domain="shop.example.com", is_primary=True)
    baker.make(Domain, tenant=tenant, domain="old.example.com", is_primary=False)

    primary = dict(organization_list().values_list("slug", "primary_domain"))

    assert primary[tenant.slug] == "shop.example.com"
    assert primary[second_tenant.slug] == second_tenant.primary_hostname


def test_an_organization_without_a_projects_table_counts_zero_projects(tenant):
    schemaless = baker.make(Organization, slug="no-schema", schema_name="org_no_schema")
    assert project_counts(organizations=[schemaless]) == {schemaless.pk: 0}


def test_an_unknown_slug_is_a_404_that_says_so(client_for, root_host, platform_admin):
    response = client_for(root_host, platform_admin).get(f"{ORGANIZATIONS_URL}no-such-org/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert response.json()["detail"] == "No organization with this slug."


def test_the_overview_lists_owners_first_then_by_email_and_an_unknown_role_last(
    make_member, tenant
):
    drifted = make_member(tenant, Role.MEMBER, email="zed@example.com")
    make_member(tenant, Role.MEMBER, email="bob@example.com")
    make_member(tenant, Role.MEMBER, email="amy@example.com")  # after bob: sorted, not found
    MembershipIndex.objects.filter(organization=tenant, user=drifted).update(role="auditor")

    members = organization_overview(organization=tenant).members

    assert members[0] == (f"founder@{tenant.slug}.test", Role.OWNER)
    assert members[1:] == [
        ("amy@example.com", Role.MEMBER),
        ("bob@example.com", Role.MEMBER),
        ("zed@example.com", "auditor"),
    ]
