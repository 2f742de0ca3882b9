"""An organization's page in the admin shows what a platform admin needs to act on it:
domains, members, projects, status, migration state, and the lifecycle actions."""

from http import HTTPStatus

import pytest
from django.db import connection
from django.test import Client
from psycopg import sql

from core.db.citus import citus_mode
from tenant_apps.projects.services import project_create
from tenants.models import Organization, OrganizationStatus
from tenants.roles import Role

pytestmark = pytest.mark.django_db
# The same at 1 member and at 12: session, user, the organization, its domains, the admin's
# content type, the members from the index (one join), the schema's migrations and its
# project count (two queries each: which schemas have the table, then one read), its newest
# backup and newest backup job (one query each).
QUERIES_OF_THE_PAGE = 12
# On Citus, two more: the organization's node and its load there (tenants/selectors/placement.py).
PLACEMENT_QUERIES = 2


@pytest.fixture
def admin_client(platform_admin, root_host):
    client = Client(HTTP_HOST=root_host)
    client.force_login(platform_admin)
    return client


def page_of(organization) -> str:
    return f"/admin/tenants/organization/{organization.pk}/change/"


def test_the_page_shows_domains_members_projects_status_and_migration_state(
    admin_client, tenant, make_member
):
    owner = make_member(tenant, Role.OWNER, email="boss@example.com")
    make_member(tenant, Role.VIEWER, email="reader@example.com")
    with tenant:
        for name in ("One", "Two"):
            project_create(actor=owner, name=name)

    response = admin_client.get(page_of(tenant))

    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert tenant.primary_hostname in page
    assert "boss@example.com (owner)" in page
    assert "reader@example.com (viewer)" in page
    assert '<div class="readonly">2</div>' in page  # projects
    assert "Active" in page
    assert "Up to date" in page


def test_the_page_says_how_many_migrations_the_schema_is_missing(admin_client, tenant):
    with connection.cursor() as cursor:
        cursor.execute(
            sql.SQL(
                "DELETE FROM {}.django_migrations WHERE id IN "
                "(SELECT id FROM {}.django_migrations ORDER BY id DESC LIMIT 2)"
            ).format(sql.Identifier(tenant.schema_name), sql.Identifier(tenant.schema_name))
        )

    page = admin_client.get(page_of(tenant)).content.decode()

    assert "2 migrations missing" in page


@pytest.mark.parametrize("members", [1, 12])
def test_the_page_reads_a_constant_number_of_queries(
    members, admin_client, tenant, make_member, django_assert_num_queries
):
    for number in range(members):
        make_member(tenant, Role.MEMBER, email=f"member-{number}@example.com")
    admin_client.get(page_of(tenant))  # warm the session and the template caches

    expected = QUERIES_OF_THE_PAGE + (PLACEMENT_QUERIES if citus_mode() else 0)
    with django_assert_num_queries(expected):
        assert admin_client.get(page_of(tenant)).status_code == HTTPStatus.OK


@pytest.mark.parametrize(
    ("action", "before", "after"),
    [
        ("suspend", OrganizationStatus.ACTIVE, OrganizationStatus.SUSPENDED),
        ("reactivate", OrganizationStatus.SUSPENDED, OrganizationStatus.ACTIVE),
        ("archive", OrganizationStatus.ACTIVE, OrganizationStatus.ARCHIVED),
    ],
)
def test_the_lifecycle_buttons_change_the_status_through_the_services(
    action, before, after, admin_client, tenant
):
    Organization.objects.filter(pk=tenant.pk).update(status=before)
    page = admin_client.get(page_of(tenant)).content.decode()
    assert f'action="{page_of(tenant)}{action}/"' in page

    response = admin_client.post(f"{page_of(tenant)}{action}/", follow=True)

    assert response.status_code == HTTPStatus.OK
    tenant.refresh_from_db()
    assert tenant.status == after


def test_a_refused_transition_is_a_message_not_an_error(admin_client, tenant):
    response = admin_client.post(f"{page_of(tenant)}reactivate/", follow=True)

    assert response.status_code == HTTPStatus.OK
    assert "not" in response.content.decode().lower()
    tenant.refresh_from_db()
    assert tenant.status == OrganizationStatus.ACTIVE


def test_the_lifecycle_urls_take_only_a_post_from_staff(admin_client, tenant, make_user, root_host):
    assert admin_client.get(f"{page_of(tenant)}suspend/").status_code == (
        HTTPStatus.METHOD_NOT_ALLOWED
    )
    outsider = Client(HTTP_HOST=root_host)
    outsider.force_login(make_user())
    response = outsider.post(f"{page_of(tenant)}suspend/")
    assert response.status_code == HTTPStatus.FOUND  # to the admin login
    tenant.refresh_from_db()
    assert tenant.status == OrganizationStatus.ACTIVE


def test_groups_are_not_offered(admin_client):
    assert admin_client.get("/admin/auth/group/").status_code == HTTPStatus.NOT_FOUND
    assert "/admin/auth/group/" not in admin_client.get("/admin/").content.decode()


def test_the_page_shows_the_newest_backup_and_backup_job(admin_client, tenant):
    from model_bakery import baker

    from tenants.models import BACKUP_TASK, Backup, Job

    before = admin_client.get(page_of(tenant)).content.decode()
    baker.make(Backup, organization_id=tenant.pk, name="tenant-20261127T010000000000Z.sql")
    baker.make(
        Job,
        task=BACKUP_TASK,
        organization_id=None,
        kwargs={"organization_id": tenant.pk, "kind": "scheduled", "period": "86400:1"},
        state="failed",
        error_code="backup_failed",
    )

    page = admin_client.get(page_of(tenant)).content.decode()

    assert "No backup yet" in before
    assert "tenant-20261127T010000000000Z.sql" in page
    assert "last backup job failed (backup_failed)" in page


def change_form(tenant, **fields) -> dict:
    """The organization's change form as the admin posts it (no domain rows added)."""
    return {
        "name": tenant.name,
        "plan": "standard",
        "requests_per_minute": "",
        "concurrent_requests": "",
        "domains-TOTAL_FORMS": "0",
        "domains-INITIAL_FORMS": "0",
        **fields,
    }


def test_a_platform_admin_sets_the_plan_and_an_override_on_the_page(admin_client, tenant, settings):
    settings.ORGANIZATION_PLANS = {
        "standard": {"requests_per_minute": 1200, "concurrent_requests": 4},
        "large": {"requests_per_minute": 6000, "concurrent_requests": 8},
    }
    response = admin_client.post(
        page_of(tenant), change_form(tenant, plan="large", concurrent_requests="12")
    )

    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:2000]
    tenant.refresh_from_db()
    assert (tenant.plan, tenant.requests_per_minute, tenant.concurrent_requests) == (
        "large",
        None,
        12,
    )
    page = admin_client.get(page_of(tenant)).content.decode()
    assert "In force: 6000 requests per minute, 12 at once" in page


def test_an_unknown_plan_is_a_form_error(admin_client, tenant):
    response = admin_client.post(page_of(tenant), change_form(tenant, plan="gold"))

    assert response.status_code == HTTPStatus.OK  # the form again, with its error
    tenant.refresh_from_db()
    assert tenant.plan == "standard"
