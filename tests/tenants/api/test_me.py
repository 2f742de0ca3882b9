from http import HTTPStatus

import pytest
from model_bakery import baker
from rest_framework.test import APIClient

from tenant_apps.memberships.services import membership_add
from tenants.models import MembershipIndex, Organization, OrganizationStatus
from tenants.roles import Role

pytestmark = pytest.mark.django_db
ME_URL = "/api/v1/me/"


def test_anonymous_callers_get_401(root_host):
    assert APIClient(HTTP_HOST=root_host).get(ME_URL).status_code == HTTPStatus.UNAUTHORIZED


@pytest.mark.smoke
def test_me_lists_the_users_organizations_with_role_and_url(
    make_member, tenant, second_tenant, client_for, root_host
):
    user = make_member(tenant, Role.ADMIN, first_name="Ada", last_name="Lovelace")
    with second_tenant:
        membership_add(organization=second_tenant, user=user, role=Role.VIEWER)

    response = client_for(root_host, user).get(ME_URL)

    assert response.status_code == HTTPStatus.OK
    body = response.json()
    assert body["email"] == user.email
    assert body["first_name"] == "Ada"
    assert sorted(body["organizations"], key=lambda o: o["slug"]) == [
        {
            "slug": second_tenant.slug,
            "name": second_tenant.name,
            "role": "viewer",
            "status": "active",
            "url": f"http://{second_tenant.primary_hostname}/",
        },
        {
            "slug": tenant.slug,
            "name": tenant.name,
            "role": "admin",
            "status": "active",
            "url": f"http://{tenant.primary_hostname}/",
        },
    ]


def test_me_hides_archived_organizations(make_member, tenant, client_for, root_host):
    user = make_member(tenant, Role.MEMBER)
    Organization.objects.filter(pk=tenant.pk).update(status=OrganizationStatus.ARCHIVED)
    response = client_for(root_host, user).get(ME_URL)
    assert response.json()["organizations"] == []


def test_me_says_which_organizations_are_suspended(
    make_member, tenant, second_tenant, client_for, root_host
):
    user = make_member(tenant, Role.MEMBER)
    with second_tenant:
        membership_add(organization=second_tenant, user=user, role=Role.MEMBER)
    Organization.objects.filter(pk=second_tenant.pk).update(status=OrganizationStatus.SUSPENDED)

    organizations = client_for(root_host, user).get(ME_URL).json()["organizations"]

    statuses = {row["slug"]: row["status"] for row in organizations}
    assert statuses == {tenant.slug: "active", second_tenant.slug: "suspended"}


def test_me_works_on_an_organization_domain_for_its_members(
    tenant_member, tenant, client_for, tenant_host
):
    response = client_for(tenant_host, tenant_member).get(ME_URL)
    assert response.status_code == HTTPStatus.OK
    assert [o["slug"] for o in response.json()["organizations"]] == [tenant.slug]


@pytest.mark.parametrize("organizations", [1, 12])
def test_me_costs_the_same_queries_for_one_or_many_organizations(
    organizations, make_user, client_for, root_host, django_assert_num_queries
):
    user = make_user()
    for organization in baker.make(Organization, _quantity=organizations, _fill_optional=False):
        MembershipIndex.objects.create(user=user, organization=organization, role=Role.MEMBER)
    client = client_for(root_host, user)

    # token + user lookup, organizations from the public index (one join); the connection
    # is already on the public path, so no SET search_path (core/db/base.py).
    with django_assert_num_queries(2):
        response = client.get(ME_URL)
    assert len(response.json()["organizations"]) == organizations
