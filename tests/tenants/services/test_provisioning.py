import pytest
from django.core import mail
from django.db import connection

from core.errors import DomainError
from shared_apps.accounts.models import User
from tenant_apps.memberships.models import Membership
from tenants.models import Domain, MembershipIndex, Organization
from tenants.roles import Role
from tenants.services import provisioning
from tenants.services.provisioning import organization_create
from tests.fixtures.schemas import schema_exists

pytestmark = pytest.mark.django_db


def tables_in(schema: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = %s", [schema])
        return {row[0] for row in cursor.fetchall()}


def test_create_makes_the_schema_with_tenant_tables_the_domain_and_the_owner(settings, make_user):
    owner = make_user()
    organization = organization_create(name="Acme Corp", slug="acme-corp", owner_email=owner.email)

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


def test_the_owner_email_is_matched_case_insensitively(make_user):
    owner = make_user(email="boss@example.com")
    organization = organization_create(name="Boss", slug="boss", owner_email="BOSS@Example.com")
    assert MembershipIndex.objects.get(organization=organization).user == owner


def test_a_new_owner_is_an_inactive_user_who_gets_a_set_password_email(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        organization_create(name="Fresh", slug="fresh", owner_email="new.owner@example.com")

    owner = User.objects.get(email="new.owner@example.com")
    assert not owner.is_active
    assert not owner.has_usable_password()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.owner@example.com"]
    assert "https://testserver.local/password/set/?uid=" in mail.outbox[0].body


def test_no_email_is_sent_when_provisioning_fails(django_capture_on_commit_callbacks, monkeypatch):
    def broken_domain(organization):
        raise RuntimeError("domain step failed")

    monkeypatch.setattr(provisioning, "_add_primary_domain", broken_domain)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        organization_create(name="Fresh", slug="fresh", owner_email="new.owner@example.com")
    assert mail.outbox == []
    assert not User.objects.filter(email="new.owner@example.com").exists()


def test_create_refuses_to_adopt_a_schema_that_already_exists(make_user):
    with connection.cursor() as cursor:
        cursor.execute('CREATE SCHEMA "org_leftover"')
        cursor.execute('CREATE TABLE "org_leftover"."secret" (id int)')
    owner = make_user()

    with pytest.raises(DomainError) as error:
        organization_create(name="Leftover", slug="leftover", owner_email=owner.email)

    assert error.value.code == "schema_exists"
    assert not Organization.objects.filter(slug="leftover").exists()
    assert tables_in("org_leftover") == {"secret"}


def test_create_with_a_bad_slug_writes_nothing(make_user):
    owner = make_user()
    organizations_before = Organization.objects.count()
    with pytest.raises(DomainError) as error:
        organization_create(
            name="Bad", slug='a"; DROP SCHEMA public CASCADE; --', owner_email=owner.email
        )
    assert error.value.code == "invalid"
    assert "slug" in error.value.fields
    assert Organization.objects.count() == organizations_before
    assert schema_exists("public")


@pytest.mark.parametrize(
    ("field", "value"),
    [("name", ""), ("name", "x" * 201), ("name", "bad\x00name"), ("owner_email", "not-an-email")],
)
def test_create_with_a_bad_name_or_owner_email_gives_a_field_error(field, value, make_user):
    arguments = {"name": "Good", "slug": "good", "owner_email": make_user().email, field: value}
    with pytest.raises(DomainError) as error:
        organization_create(**arguments)
    assert field in error.value.fields
    assert not Organization.objects.filter(slug="good").exists()


def test_the_slug_of_an_existing_organization_is_a_conflict(tenant, make_user):
    with pytest.raises(DomainError) as error:
        organization_create(name="Again", slug=tenant.slug, owner_email=make_user().email)
    assert error.value.code == "slug_taken"
    assert error.value.status == 409


@pytest.mark.parametrize(
    "step",
    [
        "tenants.schemas.build.schema_create",
        "tenants.schemas.build._fill",
        "tenants.services.provisioning._add_primary_domain",
        "tenants.services.provisioning._add_owner",
    ],
)
def test_a_failure_at_any_step_leaves_no_organization_schema_or_domain(
    step, monkeypatch, make_user
):
    def broken(*args, **kwargs):
        raise RuntimeError(f"injected failure in {step}")

    monkeypatch.setattr(step, broken)
    owner = make_user()
    with pytest.raises(RuntimeError, match="injected"):
        organization_create(name="Doomed", slug="doomed", owner_email=owner.email)

    assert not Organization.objects.filter(slug="doomed").exists()
    assert not Domain.objects.filter(domain__startswith="doomed.").exists()
    assert not MembershipIndex.objects.filter(user=owner).exists()
    assert not schema_exists("org_doomed")
    assert connection.schema_name == "public"


def test_a_failing_migration_leaves_nothing_behind(monkeypatch, make_user, settings):
    from tenants.schemas import build

    settings.TENANT_PROVISIONING = "migrations"  # the path that runs every migration
    schema_migrate = build.schema_migrate

    def migrate_then_fail(**kwargs):
        schema_migrate(**kwargs)
        raise RuntimeError("injected failure after the migrations ran")

    monkeypatch.setattr(build, "schema_migrate", migrate_then_fail)
    with pytest.raises(RuntimeError):
        organization_create(name="Doomed", slug="doomed", owner_email=make_user().email)
    assert not schema_exists("org_doomed")
    assert not Organization.objects.filter(slug="doomed").exists()


def test_provisioning_gives_up_on_a_stuck_lock_with_503_and_leaves_nothing(settings, make_user):
    from model_bakery import baker

    from tests.fixtures.committed import in_own_connection

    settings.PROVISIONING_LOCK_TIMEOUT = "300ms"
    # This open transaction holds the slug: a create of the same slug waits on its row lock.
    baker.make(Organization, slug="stuck", schema_name="org_stuck_elsewhere")
    owner = make_user()

    def create():
        return organization_create(name="Stuck", slug="stuck", owner_email=owner.email)

    with pytest.raises(DomainError) as error:
        in_own_connection(create)

    assert error.value.code == "busy"
    assert error.value.status == 503
    assert not schema_exists("org_stuck")
