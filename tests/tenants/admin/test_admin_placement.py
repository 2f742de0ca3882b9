"""An organization's admin page says where it lives: on a Citus cluster, its worker node
and its share of that node's work (`citus_stat_tenants`); on one server, that it is one."""

from http import HTTPStatus

import pytest
from django.test import Client

from tenant_apps.projects.models import Project
from tenants.selectors.placement import organization_nodes

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(platform_admin, root_host):
    client = Client(HTTP_HOST=root_host)
    client.force_login(platform_admin)
    return client


def page_of(admin_client, organization) -> str:
    response = admin_client.get(f"/admin/tenants/organization/{organization.pk}/change/")
    assert response.status_code == HTTPStatus.OK
    return response.content.decode()


@pytest.mark.single_node
def test_the_page_says_one_server_holds_every_organization(admin_client, tenant):
    assert "Single server (no Citus cluster)" in page_of(admin_client, tenant)


@pytest.mark.citus
def test_the_page_shows_the_node_and_the_organizations_load_there(admin_client, tenant):
    with tenant:
        for _ in range(3):
            Project.objects.count()

    page = page_of(admin_client, tenant)

    node = organization_nodes(organizations=[tenant])[tenant.pk]
    assert f"On {node}; this period:" in page
    assert " queries, " in page
    assert " s of CPU" in page
