"""A few spare schemas are built ahead from the template; provisioning renames one to the
new organization's schema instead of building it while the caller waits."""

import threading
from io import StringIO

import pytest
from django.core.management import call_command

from shared_apps.accounts.models import User
from tenants.models import SpareSchema
from tenants.schemas import schema_states, spare_schemas_fill, spares, target_digest
from tenants.services.provisioning import organization_create
from tests.fixtures.committed import in_own_connection
from tests.fixtures.schemas import CATALOG_QUERIES, catalog, schema_exists

pytestmark = pytest.mark.django_db


def test_fill_builds_spares_up_to_the_setting(tenant, settings):
    settings.TENANT_SPARE_SCHEMAS = 2

    assert spare_schemas_fill() == 2
    assert spare_schemas_fill() == 0  # already full

    names = list(SpareSchema.objects.values_list("schema_name", flat=True))
    assert len(names) == 2
    for name in names:
        assert name.startswith("spare_")
        assert schema_exists(name)
    (state,) = schema_states(schemas=names[:1])
    assert not state.missing


def test_provisioning_takes_a_spare_and_it_matches_a_migrated_schema(tenant, make_user, settings):
    settings.TENANT_SPARE_SCHEMAS = 1
    spare_schemas_fill()
    spare = SpareSchema.objects.get().schema_name
    owner = make_user()

    fast = organization_create(name="Spare", slug="from-spare", owner_email=owner.email)

    assert not SpareSchema.objects.exists()
    assert not schema_exists(spare)
    assert fast.migration_digest == target_digest()
    settings.TENANT_PROVISIONING = "migrations"
    settings.TENANT_SPARE_SCHEMAS = 0
    slow = organization_create(name="Slow", slug="not-from-spare", owner_email=owner.email)
    fast_catalog, slow_catalog = catalog(fast.schema_name), catalog(slow.schema_name)
    for part in CATALOG_QUERIES:
        assert fast_catalog[part] == slow_catalog[part], part


def test_without_spares_provisioning_builds_from_the_template(tenant, make_user, settings):
    settings.TENANT_SPARE_SCHEMAS = 1  # but none was built yet
    organization = organization_create(
        name="No spare", slug="no-spare", owner_email=make_user().email
    )
    (state,) = schema_states(schemas=[organization.schema_name])
    assert not state.missing


def test_spares_of_an_older_code_version_are_never_used_and_are_dropped(
    tenant, make_user, settings
):
    settings.TENANT_SPARE_SCHEMAS = 1
    spare_schemas_fill()
    stale = SpareSchema.objects.get()
    SpareSchema.objects.filter(pk=stale.pk).update(digest="0" * 16)

    organization = organization_create(name="Fresh", slug="fresh", owner_email=make_user().email)

    assert schema_exists(stale.schema_name)  # not taken
    assert organization.schema_name != stale.schema_name
    assert spare_schemas_fill() == 1
    assert not schema_exists(stale.schema_name)
    assert list(SpareSchema.objects.values_list("digest", flat=True)) == [target_digest()]


def test_every_committed_create_tops_the_pool_up_in_the_background(
    tenant, make_user, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.TENANT_SPARE_SCHEMAS = 1
    spare_schemas_fill()
    started = []
    monkeypatch.setattr(spares, "refill_in_background", lambda: started.append(True))

    with django_capture_on_commit_callbacks(execute=True):
        organization_create(name="Refill", slug="refill", owner_email=make_user().email)
    assert started == [True]

    # No spare was left, so this one was built from the template: the pool still needs one.
    with django_capture_on_commit_callbacks(execute=True):
        organization_create(name="Refill 2", slug="refill-two", owner_email=make_user().email)
    assert started == [True, True]

    settings.TENANT_SPARE_SCHEMAS = 0  # no pool: nothing to top up
    with django_capture_on_commit_callbacks(execute=True):
        organization_create(name="Refill 3", slug="refill-three", owner_email=make_user().email)
    assert started == [True, True]


def test_the_background_refill_builds_committed_spares(tenant, settings):
    settings.TENANT_SPARE_SCHEMAS = 1
    try:
        spares.refill_in_background().join(timeout=60)
        assert in_own_connection(lambda: SpareSchema.objects.count()) == 1
    finally:
        in_own_connection(lambda: spare_schemas_fill(count=0))


def test_the_fill_command(tenant, settings):
    settings.TENANT_SPARE_SCHEMAS = 1
    out = StringIO()
    call_command("fill_spare_schemas", stdout=out)
    assert "built 1 spare schema(s); 1 ready" in out.getvalue()


def test_the_rollout_tops_up_the_spares_for_the_new_code_version(tenant, second_tenant, settings):
    settings.TENANT_SPARE_SCHEMAS = 1
    out = StringIO()
    call_command("migrate_tenants", "--jobs", "1", stdout=out)
    assert "spare schemas: built 1" in out.getvalue()
    assert SpareSchema.objects.filter(digest=target_digest()).count() == 1


def test_concurrent_creates_never_share_a_spare(tenant, settings, monkeypatch):
    settings.TENANT_SPARE_SCHEMAS = 1
    monkeypatch.setattr(spares, "refill_in_background", lambda: None)  # one spare, no refill
    in_own_connection(spare_schemas_fill)
    barrier = threading.Barrier(2)

    def create(slug: str):
        owner = User.objects.create_user(email=f"owner@{slug}.example.com", password=None)
        barrier.wait()
        return organization_create(name=slug, slug=slug, owner_email=owner.email)

    results: dict[str, object] = {}
    threads = [
        threading.Thread(
            target=lambda slug=slug: results.update({slug: in_own_connection(create, slug)})
        )
        for slug in ("race-one", "race-two")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    schemas = {organization.schema_name for organization in results.values()}
    assert schemas == {"org_race_one", "org_race_two"}
    for schema in schemas:
        (state,) = schema_states(schemas=[schema])
        assert not state.missing
    # one took the spare, the other built its schema: the pool is empty, nothing was shared
    assert in_own_connection(lambda: SpareSchema.objects.count()) == 0
