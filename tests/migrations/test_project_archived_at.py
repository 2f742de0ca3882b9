"""A data migration written test-first: projects get `archived_at`, filled from existing
rows (archived projects take their last update time), and the step is reversible."""

import pytest

pytestmark = pytest.mark.django_db
BEFORE = ("projects", "0001_initial")
AFTER = ("projects", "0002_project_archived_at")


def test_archived_at_is_filled_from_existing_rows(tenant_migrator, make_user):
    owner = make_user()
    old = tenant_migrator.migrate([BEFORE, ("memberships", "0001_initial")])
    Project = old.get_model("projects", "Project")
    archived = Project.objects.create(name="Old", slug="old", owner_id=owner.pk, status="archived")
    active = Project.objects.create(name="Live", slug="live", owner_id=owner.pk, status="active")

    new = tenant_migrator.migrate([AFTER])

    Project = new.get_model("projects", "Project")
    migrated = Project.objects.get(pk=archived.pk)
    assert migrated.archived_at == migrated.updated_at
    assert Project.objects.get(pk=active.pk).archived_at is None


def test_the_data_migration_is_reversible_with_rows_in_place(tenant_migrator, make_user):
    owner = make_user()
    tenant_migrator.migrate([AFTER, ("memberships", "0001_initial")])
    Project = tenant_migrator.apps.get_model("projects", "Project")
    Project.objects.create(name="Kept", slug="kept", owner_id=owner.pk, status="archived")

    old = tenant_migrator.migrate([BEFORE])

    assert old.get_model("projects", "Project").objects.get(slug="kept").name == "Kept"
    assert "archived_at" not in tenant_migrator.columns("projects_project")


def test_the_service_keeps_archived_at_in_step(tenant, tenant_member):
    from tenant_apps.projects.services import project_create, project_update

    with tenant:
        project = project_create(actor=tenant_member, name="Cycle")
        assert project.archived_at is None
        project = project_update(actor=tenant_member, project=project, status="archived")
        assert project.archived_at is not None
        project = project_update(actor=tenant_member, project=project, status="active")
        assert project.archived_at is None
