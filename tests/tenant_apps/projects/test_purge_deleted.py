"""The scheduled purge of soft-deleted projects (tenant_apps/projects/jobs.py): a project
deleted more than PROJECT_RETENTION_DAYS ago goes for good, with its object grants; a
recently deleted or a live project stays; running it again changes nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone
from guardian.models import UserObjectPermission

from tenant_apps.projects.jobs import purge_deleted_projects
from tenant_apps.projects.models import Project
from tenant_apps.projects.services import project_delete
from tenant_apps.projects.services.purge import projects_purge_deleted

pytestmark = pytest.mark.django_db


def deleted_days_ago(project: Project, actor, days: float) -> None:
    project_delete(actor=actor, project=project)
    Project.objects.filter(pk=project.pk).update(updated_at=timezone.now() - timedelta(days=days))


def grants_on(project: Project) -> int:
    return UserObjectPermission.objects.filter(object_pk=str(project.pk)).count()


def test_projects_deleted_past_the_retention_go_with_their_grants(
    tenant, tenant_member, make_project
):
    old = make_project(tenant_member, name="Old")
    recent = make_project(tenant_member, name="Recent")
    live = make_project(tenant_member, name="Live")
    with tenant:
        assert grants_on(old) == 3
        deleted_days_ago(old, tenant_member, 31)
        deleted_days_ago(recent, tenant_member, 29)
        Project.objects.filter(pk=live.pk).update(updated_at=timezone.now() - timedelta(days=90))

        assert projects_purge_deleted(older_than_days=30) == 1

        assert set(Project.objects.values_list("name", flat=True)) == {"Recent", "Live"}
        assert grants_on(old) == 0
        assert grants_on(recent) == grants_on(live) == 3
        assert projects_purge_deleted(older_than_days=30) == 0  # idempotent


def test_the_job_reads_the_retention_from_settings(tenant, tenant_member, make_project, settings):
    settings.PROJECT_RETENTION_DAYS = 5
    project = make_project(tenant_member, name="Six days gone")
    with tenant:
        deleted_days_ago(project, tenant_member, 6)

        purge_deleted_projects.run(period="test")

        assert not Project.objects.filter(pk=project.pk).exists()
        assert grants_on(project) == 0


def test_the_retention_defaults_to_30_days():
    from django.conf import settings

    assert settings.PROJECT_RETENTION_DAYS == 30
