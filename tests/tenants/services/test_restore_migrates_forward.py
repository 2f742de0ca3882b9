"""A backup taken at an older code version restores and is migrated forward: the live
organization's schema is taken back before projects' 0002 (the `archived_at` column) and
0003, backed up there, and restored as a copy, which comes back at the code's migration
state with the column and the backup's rows."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tenant_apps.memberships.models import Membership
from tenant_apps.projects.models import Project
from tenant_apps.projects.services import project_create
from tenants.models import Organization
from tenants.roles import Role
from tenants.schemas import target_digest
from tenants.services.backups import organization_restore
from tenants.services.backups_live import organization_backup
from tests.fixtures.committed import in_own_connection

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("backup_dir", "race_cleanup")]


def columns_of(schema: str, table: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = %s AND table_name = %s",
            [schema, table],
        )
        return {row[0] for row in cursor.fetchall()}


def applied_in(schema: str, app: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT name FROM "{schema}".django_migrations WHERE app = %s',
            [app],
        )
        return {row[0] for row in cursor.fetchall()}


def test_a_backup_from_before_a_migration_restores_migrated_forward(committed_organization):
    organization = committed_organization("older-code")

    def project_then_back_to_projects_0001() -> None:
        with organization:
            owner = Membership.objects.get(role=Role.OWNER).user
            project_create(actor=owner, name="Made before 0002")
            MigrationExecutor(connection).migrate([("projects", "0001_initial")])

    in_own_connection(project_then_back_to_projects_0001)
    assert "archived_at" not in in_own_connection(columns_of, "org_older_code", "projects_project")
    backup = in_own_connection(lambda: organization_backup(organization=organization)).name

    restored = in_own_connection(
        lambda: organization_restore(backup=backup, slug="newer-code").organization
    )

    def read_copy():
        copy = Organization.objects.get(pk=restored.pk)
        with copy:
            names = list(Project.objects.values_list("name", "archived_at"))
        return copy.migration_digest, names

    digest, projects = in_own_connection(read_copy)
    assert "archived_at" in in_own_connection(columns_of, "org_newer_code", "projects_project")
    assert in_own_connection(applied_in, "org_newer_code", "projects") >= {
        "0002_project_archived_at",
        "0003_user_without_db_constraint",
    }
    assert projects == [("Made before 0002", None)]
    assert digest == target_digest()
