"""Every tenant-app migration goes forward, back to zero and forward again in a scratch
tenant schema."""

import pytest
from django.conf import settings
from django.db.migrations.loader import MigrationLoader

pytestmark = pytest.mark.django_db


def tenant_app_labels() -> list[str]:
    from django.apps import apps

    return [config.label for config in apps.get_app_configs() if config.name in settings.TENANT_APPS]


def latest(label: str) -> tuple[str, str]:
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    return next(node for node in graph.leaf_nodes() if node[0] == label)


def test_tenant_migrations_go_forward_back_to_zero_and_forward_again(tenant_migrator):
    labels = tenant_app_labels()
    assert {"memberships", "projects", "invitations", "guardian"} <= set(labels)
    latest_states = [latest(label) for label in labels]

    tenant_migrator.migrate(latest_states)
    assert {"projects_project", "memberships_membership"} <= tenant_migrator.tables()

    tenant_migrator.migrate([(label, None) for label in labels])
    assert not tenant_migrator.tables() & {"projects_project", "memberships_membership"}

    tenant_migrator.migrate(latest_states)
    assert {"projects_project", "memberships_membership"} <= tenant_migrator.tables()
