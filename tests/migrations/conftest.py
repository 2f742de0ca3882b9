import pytest
from django.db import connection
from psycopg import sql

from tenant_apps.projects.models import Project
from tests.fixtures.committed import in_own_connection


ARCHIVED_AT = "0002_project_archived_at"


def unapply_last_projects_migration(schema: str, *, record: bool = True) -> None:
    """Put a schema behind: undo projects' archived_at migration (and the later ones, which
    only drop constraints the schema no longer has) by hand. `record`: its organization's
    digest then says so, as a schema left behind by an older code version's rollout does
    (False: behind the registry's back)."""
    with connection.cursor() as cursor:
        if record:
            cursor.execute(
                "UPDATE tenants_organization SET migration_digest = '' WHERE schema_name = %s",
                [schema],
            )
        cursor.execute(
            sql.SQL("ALTER TABLE {}.{} DROP COLUMN archived_at").format(
                sql.Identifier(schema), sql.Identifier(Project._meta.db_table)
            )
        )
        cursor.execute(
            sql.SQL("DELETE FROM {}.django_migrations WHERE app = 'projects' AND name >= %s").format(
                sql.Identifier(schema)
            ),
            [ARCHIVED_AT],
        )


@pytest.fixture
def behind(db):
    """`behind(schema, record=True)`: commit a schema one projects migration behind (and, with
    `record`, its organization's digest saying so)."""
    return lambda schema, record=True: in_own_connection(
        unapply_last_projects_migration, schema, record=record
    )
