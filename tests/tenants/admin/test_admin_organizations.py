from http import HTTPStatus

import pytest
from django.test import Client

from tenants.models import Organization, OrganizationStatus
from tests.fixtures.schemas import schema_exists

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/tenants/organization/"


@pytest.fixture
def admin_client(platform_admin, root_host):
    client = Client(HTTP_HOST=root_host)
    client.force_login(platform_admin)
    return client


def test_the_changelist_shows_status_and_member_counts(admin_client, tenant):
    response = admin_client.get(CHANGELIST)
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert "Members" in page
    assert tenant.slug in page


def test_the_changelist_counts_projects_per_organization(admin_client, tenant, tenant_member):
    from tenant_apps.projects.services import project_create

    with tenant:
        for name in ("One", "Two", "Three"):
            project_create(actor=tenant_member, name=name)
    response = admin_client.get(CHANGELIST, {"q": tenant.slug})
    page = response.content.decode()
    assert "Projects" in page
    assert '<td class="field-projects">3</td>' in page


def test_the_add_form_provisions_through_the_service(admin_client, make_user):
    owner = make_user()
    response = admin_client.post(
        f"{CHANGELIST}add/",
        {"name": "Admin Made", "slug": "admin-made", "owner_email": owner.email},
    )
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:2000]
    assert Organization.objects.filter(slug="admin-made").exists()
    assert schema_exists("org_admin_made")


def test_the_add_form_shows_errors_instead_of_failing(admin_client, make_user, tenant):
    response = admin_client.post(
        f"{CHANGELIST}add/", {"name": "Dup", "slug": tenant.slug, "owner_email": make_user().email}
    )
    assert response.status_code == HTTPStatus.OK
    assert "already" in response.content.decode()


@pytest.mark.parametrize(
    ("action", "status"),
    [
        ("suspend_organizations", OrganizationStatus.SUSPENDED),
        ("archive_organizations", OrganizationStatus.ARCHIVED),
    ],
)
def test_actions_change_the_status_through_the_service(action, status, admin_client, tenant):
    response = admin_client.post(
        CHANGELIST, {"action": action, "_selected_action": [tenant.pk]}, follow=True
    )
    assert response.status_code == HTTPStatus.OK
    tenant.refresh_from_db()
    assert tenant.status == status


def test_reactivate_action(admin_client, tenant):
    Organization.objects.filter(pk=tenant.pk).update(status=OrganizationStatus.SUSPENDED)
    admin_client.post(
        CHANGELIST, {"action": "reactivate_organizations", "_selected_action": [tenant.pk]}
    )
    tenant.refresh_from_db()
    assert tenant.status == OrganizationStatus.ACTIVE
