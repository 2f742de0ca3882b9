from collections import Counter
from http import HTTPStatus

import pytest
from django.db import connection
from rest_framework.test import APIClient

from tenants.models import Domain, MembershipIndex, Organization, OrganizationStatus
from tests.fixtures.committed import in_own_connection
from tests.fixtures.urls import ORGANIZATIONS_URL

pytestmark = pytest.mark.django_db


def namespaces() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nspname FROM pg_namespace")
        return {row[0] for row in cursor.fetchall()}


def registry() -> list[tuple]:
    return list(Organization.objects.values_list("slug", "schema_name").order_by("pk"))


def test_create_returns_201_with_the_organization_and_its_url(create_organization, settings):
    response = create_organization("new-org", name="New Org")

    assert response.status_code == HTTPStatus.CREATED
    body = response.json()
    assert body["slug"] == "new-org"
    assert body["name"] == "New Org"
    assert body["status"] == "active"
    assert body["schema_name"] == "org_new_org"
    assert body["url"] == f"http://new-org.{settings.TENANT_BASE_DOMAIN}/"
    assert body["member_count"] == 1
    assert "org_new_org" in namespaces()
    organization = Organization.objects.get(slug="new-org")
    assert MembershipIndex.objects.filter(organization=organization, role="owner").exists()


BAD_SLUGS = [
    "",
    "a",
    "a" * 41,
    "Acme",
    "ac_me",
    "-acme",
    "acme-",
    "www",
    "admin",
    "api",
    "public",
    "pg_x",
    "information_schema",
    "ac'me",
    'ac"me',
    'a"; DROP SCHEMA public CASCADE; --',
    "аcme",  # Cyrillic а
    "acmе",  # Cyrillic е
    "ａcme",  # full-width a
    None,
    123,
    ["acme"],
]


@pytest.mark.parametrize("slug", BAD_SLUGS)
def test_bad_slugs_get_400_with_a_field_error_and_change_nothing(slug, create_organization):
    namespaces_before, registry_before = namespaces(), registry()

    response = create_organization(slug)

    assert response.status_code == HTTPStatus.BAD_REQUEST, response.content
    assert "slug" in response.json()
    assert namespaces() == namespaces_before
    assert registry() == registry_before


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"name": "X", "slug": "okay-slug"},
        {"name": "", "slug": "okay-slug", "owner_email": "o@example.com"},
        {"name": "X", "slug": "okay-slug", "owner_email": "not an email"},
        {"name": "<script>" * 40, "slug": "okay-slug", "owner_email": "o@example.com"},
        [],
        "just a string",
    ],
)
def test_missing_or_malformed_fields_get_400(payload, platform_client):
    response = platform_client.post(ORGANIZATIONS_URL, payload, format="json")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert not Organization.objects.filter(slug="okay-slug").exists()


def test_a_duplicate_slug_is_409(create_organization, tenant):
    response = create_organization(tenant.slug)
    assert response.status_code == HTTPStatus.CONFLICT
    assert response.json()["code"] == "slug_taken"


def test_the_slug_of_an_archived_organization_stays_reserved(create_organization, tenant):
    Organization.objects.filter(pk=tenant.pk).update(status=OrganizationStatus.ARCHIVED)
    response = create_organization(tenant.slug)
    assert response.status_code == HTTPStatus.CONFLICT
    assert response.json()["code"] == "slug_taken"


def test_a_slug_whose_domain_is_already_taken_is_409(create_organization, tenant):
    Domain.objects.create(domain="taken.testserver.local", tenant=tenant, is_primary=False)
    response = create_organization("taken")
    assert response.status_code == HTTPStatus.CONFLICT
    assert response.json()["code"] == "domain_taken"
    assert "org_taken" not in namespaces()


def test_a_leftover_schema_is_never_adopted(create_organization):
    with connection.cursor() as cursor:
        cursor.execute('CREATE SCHEMA "org_ghost"')
    response = create_organization("ghost")
    assert response.status_code == HTTPStatus.CONFLICT
    assert response.json()["code"] == "schema_exists"
    assert not Organization.objects.filter(slug="ghost").exists()


def _delete_race_users() -> None:
    # Raw SQL: a User.delete() from public would walk into tenant tables (docs/architecture.md).
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM accounts_accesstoken WHERE user_id IN "
            "(SELECT id FROM accounts_user WHERE email LIKE 'race-%%')"
        )
        cursor.execute("DELETE FROM accounts_user WHERE email LIKE 'race-%%'")


def test_ten_concurrent_creates_of_one_slug_make_exactly_one_organization(root_host):
    # The creates run on connections of their own, which see only committed rows: the
    # admin and the owner are committed first, and removed at the end.
    from concurrent.futures import ThreadPoolExecutor

    from shared_apps.accounts.models import User
    from shared_apps.accounts.services import access_token_issue
    from tests.fixtures.committed import _drop_everything_but_the_test_organizations

    def committed_admin_token():
        admin = User.objects.create_user(
            email="race-admin@example.com", password=None, is_staff=True
        )
        User.objects.create_user(email="race-owner@example.com", password=None)
        return access_token_issue(user=admin)[0]

    token = in_own_connection(committed_admin_token)

    def create(_):
        def request():
            client = APIClient(HTTP_HOST=root_host)
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
            response = client.post(
                ORGANIZATIONS_URL,
                {"name": "Race", "slug": "race", "owner_email": "race-owner@example.com"},
                format="json",
            )
            created = response.status_code == HTTPStatus.CREATED
            return response.status_code, None if created else response.json()["code"]

        return in_own_connection(request)

    try:
        with ThreadPoolExecutor(max_workers=10) as pool:
            outcomes = Counter(pool.map(create, range(10)))
        assert outcomes == {(HTTPStatus.CREATED, None): 1, (HTTPStatus.CONFLICT, "slug_taken"): 9}
        assert Organization.objects.filter(slug="race").count() == 1
        assert "org_race" in namespaces()
    finally:
        in_own_connection(_drop_everything_but_the_test_organizations)
        in_own_connection(_delete_race_users)
