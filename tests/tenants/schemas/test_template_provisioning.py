"""New schemas are built from a template of the current migration state, not by replaying
every migration; the result must be indistinguishable from a migrated schema."""

import logging

import pytest

from tenants.models import SchemaTemplate
from tenants.schemas import schema_states, target_digest, template
from tenants.services.provisioning import organization_create
from tests.fixtures.schemas import CATALOG_QUERIES, catalog

pytestmark = pytest.mark.django_db


def test_a_template_built_schema_matches_a_migrated_one(tenant, make_user, settings):
    # `tenant` is committed and fully migrated: the template is taken from it.
    owner = make_user()
    fast = organization_create(name="Fast", slug="fast-built", owner_email=owner.email)
    settings.TENANT_PROVISIONING = "migrations"
    slow = organization_create(name="Slow", slug="slow-built", owner_email=owner.email)

    fast_catalog, slow_catalog = catalog(fast.schema_name), catalog(slow.schema_name)

    for part in CATALOG_QUERIES:
        assert fast_catalog[part] == slow_catalog[part], part
    assert fast_catalog["tables"]
    assert SchemaTemplate.objects.filter(digest=target_digest()).exists()


def test_the_template_is_made_once_per_code_version(tenant, make_user, monkeypatch):
    owner = make_user()
    organization_create(name="First", slug="first-built", owner_email=owner.email)

    def must_not_run(*args, **kwargs):
        raise AssertionError("the template was generated again")

    monkeypatch.setattr(template, "_generate", must_not_run)
    second = organization_create(name="Second", slug="second-built", owner_email=owner.email)
    (state,) = schema_states(schemas=[second.schema_name])
    assert not state.missing


@pytest.mark.parametrize(
    "corruption",
    [
        lambda sql: sql.replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS", 0) + "\nSELECT 1/0;",
        lambda sql: "\n".join(line for line in sql.splitlines() if "projects_project" not in line),
    ],
)
def test_a_broken_or_stale_template_falls_back_to_migrations_loudly(
    corruption, tenant, make_user, caplog
):
    owner = make_user()
    organization_create(name="Seed", slug="seed-built", owner_email=owner.email)
    stored = SchemaTemplate.objects.get(digest=target_digest())
    SchemaTemplate.objects.filter(pk=stored.pk).update(sql=corruption(stored.sql))

    with caplog.at_level(logging.ERROR):
        organization = organization_create(name="Next", slug="next-built", owner_email=owner.email)

    (state,) = schema_states(schemas=[organization.schema_name])
    assert not state.missing
    assert "projects_project" in {row[0] for row in catalog(organization.schema_name)["tables"]}
    assert any("template" in record.message for record in caplog.records)
