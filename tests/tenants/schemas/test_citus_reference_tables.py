"""On Citus the shared tables that tenant tables point at are reference tables, copied to
every node: guardian's first tenant migration makes foreign keys to them (a table of a
distributed schema may only refer to a reference table), and a tenant query that joins a
user or a permission runs on the organization's node (tenants/schemas/citus.py)."""

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection

from tenants.schemas.citus import REFERENCE_TABLES


def _shared_tables_tenant_models_point_at() -> set[str]:
    return {
        field.related_model._meta.db_table
        for config in apps.get_app_configs()
        if config.name in settings.TENANT_APPS
        for model in config.get_models()
        for field in model._meta.get_fields()
        if field.many_to_one and field.concrete
        if field.related_model._meta.app_config.name not in settings.TENANT_APPS
    }


def test_the_reference_tables_are_every_shared_table_a_tenant_model_points_at():
    assert set(REFERENCE_TABLES) == _shared_tables_tenant_models_point_at()


@pytest.mark.citus
@pytest.mark.django_db
def test_on_citus_the_shared_migrations_make_them_reference_tables():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT logicalrelid::regclass::text FROM pg_dist_partition "
            "WHERE partmethod = 'n' AND repmodel = 't'"
        )
        reference_tables = {row[0] for row in cursor.fetchall()}

    assert set(REFERENCE_TABLES) <= reference_tables
