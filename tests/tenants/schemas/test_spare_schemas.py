"""A few spare schemas are built ahead from the template; provisioning renames one to the
new organization's schema instead of building it while the caller waits, and a platform job
enqueued with the create tops the pool up once it commits (no thread in the web process)."""

import threading
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from core.errors import DomainError
from shared_apps.accounts.models import User
from tenants.jobs import message_kwargs
from tenants.models import Job, JobState, SpareSchema
from tenants.schemas import schema_states, spare_schemas_fill, target_digest
from tenants.services import provisioning
from tenants.services.provisioning import organization_create
from tenants.services.spare_refill import spares_refill, spares_refill_queue
from tests.fixtures.committed import in_own_connection
from tests.fixtures.races import run_together
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


def refill_jobs() -> list[Job]:
    return list(Job.objects.filter(task=spares_refill.name).order_by("pk"))


def test_every_committed_create_enqueues_a_refill_job_and_starts_no_thread(
    tenant, make_user, settings, broker_queue, django_capture_on_commit_callbacks
):
    settings.TENANT_SPARE_SCHEMAS = 1
    spare_schemas_fill()

    with django_capture_on_commit_callbacks(execute=True):
        organization_create(name="Refill", slug="refill", owner_email=make_user().email)
    [job] = refill_jobs()
    assert (job.organization_id, job.schema_name, job.state) == (None, "public", JobState.QUEUED)
    assert broker_queue.job_ids() == [job.pk]
    assert not [thread for thread in threading.enumerate() if "refill" in thread.name]

    # No spare was left, so this one was built from the template: the pool still needs one.
    with django_capture_on_commit_callbacks(execute=True):
        organization_create(name="Refill 2", slug="refill-two", owner_email=make_user().email)
    assert len(refill_jobs()) == 2

    settings.TENANT_SPARE_SCHEMAS = 0  # no pool: nothing to top up
    with django_capture_on_commit_callbacks(execute=True):
        organization_create(name="Refill 3", slug="refill-three", owner_email=make_user().email)
    assert len(refill_jobs()) == 2


def create_twice_in_one_transaction(owner_email: str) -> None:
    with transaction.atomic():
        organization_create(name="Rolled", slug="rolled-back", owner_email=owner_email)
        organization_create(name="Rolled", slug="rolled-back", owner_email=owner_email)


def test_a_rolled_back_create_enqueues_no_refill(tenant, make_user, settings):
    settings.TENANT_SPARE_SCHEMAS = 1

    with pytest.raises(DomainError):  # the second is refused: the first goes with it
        create_twice_in_one_transaction(make_user().email)

    assert refill_jobs() == []


def test_the_refill_job_builds_committed_spares(tenant, settings):
    settings.TENANT_SPARE_SCHEMAS = 1

    def enqueue_and_commit() -> Job:
        with transaction.atomic():  # run eagerly once this commits, as without a broker
            return spares_refill_queue()

    try:
        job = in_own_connection(enqueue_and_commit)
        assert in_own_connection(lambda: Job.objects.get(pk=job.pk).state) == JobState.SUCCEEDED
        assert in_own_connection(lambda: SpareSchema.objects.count()) == 1
    finally:
        in_own_connection(lambda: spare_schemas_fill(count=0))
        in_own_connection(lambda: Job.objects.all().delete())


def test_refill_jobs_run_at_once_never_build_more_spares_than_configured(
    tenant, settings, broker_queue
):
    settings.TENANT_SPARE_SCHEMAS = 1
    [first, second] = in_own_connection(lambda: [spares_refill_queue(), spares_refill_queue()])

    def deliver(job: Job):
        return lambda: spares_refill.apply(kwargs=message_kwargs(job), task_id=f"job-{job.pk}")

    try:
        run_together(deliver(first), deliver(second))
        states = in_own_connection(lambda: sorted(job.state for job in refill_jobs()))
        assert states == [JobState.SUCCEEDED, JobState.SUCCEEDED]
        assert in_own_connection(lambda: SpareSchema.objects.count()) == 1
    finally:
        in_own_connection(lambda: spare_schemas_fill(count=0))
        in_own_connection(lambda: Job.objects.all().delete())


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
    monkeypatch.setattr(provisioning, "spares_refill_queue", lambda: None)  # one spare, no refill
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
