import pytest
from django.db import IntegrityError

from core.errors import DomainError
from tenant_apps.projects.models import Project, ProjectStatus
from tenant_apps.projects.services import project_create, project_update
from tenants.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_tenant(tenant):
    with tenant:
        yield tenant


def test_a_project_gets_a_slug_from_its_name_and_defaults(in_tenant, tenant_member):
    project = project_create(actor=tenant_member, name="Launch Plan 2027", description="Go")
    assert project.slug == "launch-plan-2027"
    assert project.status == ProjectStatus.ACTIVE
    assert project.owner == tenant_member
    assert not project.is_deleted
    assert project.created_at
    assert project.updated_at


def test_slugs_are_unique_within_the_organization(in_tenant, tenant_member):
    first = project_create(actor=tenant_member, name="Roadmap")
    second = project_create(actor=tenant_member, name="Roadmap!")
    third = project_create(actor=tenant_member, name="roadmap")
    assert [first.slug, second.slug, third.slug] == ["roadmap", "roadmap-2", "roadmap-3"]


def test_a_name_with_no_letters_still_gets_a_slug(in_tenant, tenant_member):
    assert project_create(actor=tenant_member, name="!!! ???").slug == "project"
    assert project_create(actor=tenant_member, name="日本語").slug == "project-2"


def test_the_slug_is_stable_on_rename(in_tenant, tenant_member):
    project = project_create(actor=tenant_member, name="Old Name")
    project = project_update(actor=tenant_member, project=project, name="New Name")
    assert project.name == "New Name"
    assert project.slug == "old-name"


def test_the_database_refuses_duplicate_slugs(in_tenant, tenant_member):
    project_create(actor=tenant_member, name="Dup")
    with pytest.raises(IntegrityError):
        Project.objects.create(name="Other", slug="dup", owner=tenant_member)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", ""),
        ("name", "   "),
        ("name", "x" * 201),
        ("name", "tab\tname"),
        ("name", "null\x00byte"),
        ("name", "bell\x07"),
        ("description", "x" * 10001),
        ("description", "null\x00byte"),
        ("status", "deleted"),
    ],
)
def test_invalid_fields_are_refused_with_a_field_error(in_tenant, tenant_member, field, value):
    arguments = {"name": "Fine", field: value}
    with pytest.raises(DomainError) as error:
        project_create(actor=tenant_member, **arguments)
    assert field in error.value.fields
    assert not Project.objects.exists()


def test_multi_line_descriptions_are_plain_text(in_tenant, tenant_member):
    project = project_create(actor=tenant_member, name="Doc", description="line 1\nline 2\ttab")
    assert project.description == "line 1\nline 2\ttab"


def test_viewers_cannot_create_projects(in_tenant, make_member, tenant):
    viewer = make_member(tenant, Role.VIEWER)
    with pytest.raises(DomainError) as error:
        project_create(actor=viewer, name="Nope")
    assert error.value.status == 403
