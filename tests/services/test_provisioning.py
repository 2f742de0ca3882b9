import pytest
from django.db import connection
from model_bakery import baker

from core.errors import DomainError
from tenant_apps.memberships.models import Membership, Role
from tenants.models import Domain, MembershipIndex, Organization
from tenants.services.provisioning import organization_create

pytestmark = pytest.mark.django_db


def schema_exists(name: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", [name])
        return cursor.fetchone() is not None


def tables_in(schema: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = %s", [schema])
        return {row[0] for row in cursor.fetchall()}


def test_create_makes_the_schema_with_tenant_tables_the_domain_and_the_owner(settings):
    owner = baker.make("accounts.User")
    organization = organization_create(name="Acme Corp", slug="acme-corp", owner=owner)

    assert organization.schema_name == "org_acme_corp"
    assert {"memberships_membership", "django_migrations"} <= tables_in("org_acme_corp")
    # shared tables never appear in a tenant schema
    assert "accounts_user" not in tables_in("org_acme_corp")
    domain = Domain.objects.get(tenant=organization)
    assert domain.domain == f"acme-corp.{settings.TENANT_BASE_DOMAIN}"
    assert domain.is_primary
    index = MembershipIndex.objects.get(organization=organization)
    assert (index.user, index.role) == (owner, Role.OWNER)
    with organization:
        assert Membership.objects.get().user == owner
    assert connection.schema_name == "public"


def test_create_refuses_to_adopt_a_schema_that_already_exists():
    with connection.cursor() as cursor:
        cursor.execute('CREATE SCHEMA "org_leftover"')
        cursor.execute('CREATE TABLE "org_leftover"."secret" (id int)')
    owner = baker.make("accounts.User")

    with pytest.raises(DomainError) as error:
        organization_create(name="Leftover", slug="leftover", owner=owner)

    assert error.value.code == "schema_exists"
    assert not Organization.objects.filter(slug="leftover").exists()
    assert tables_in("org_leftover") == {"secret"}


def test_create_with_a_bad_slug_writes_nothing():
    owner = baker.make("accounts.User")
    organizations_before = Organization.objects.count()
    with pytest.raises(DomainError) as error:
        organization_create(name="Bad", slug='a"; DROP SCHEMA public CASCADE; --', owner=owner)
    assert error.value.code == "invalid"
    assert "slug" in error.value.fields
    assert Organization.objects.count() == organizations_before
    assert schema_exists("public")
