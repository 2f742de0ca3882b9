"""During a rolling deploy, workers still on the old code keep serving organizations whose
schemas the new code has already migrated: a schema that has every migration this code
knows (and more) is served; one that lacks any is a 503 until the rollout reaches it."""

import pytest
from rest_framework.test import APIClient

from tenants.models import MigrationState, Organization
from tenants.schemas import expected_migrations, record_migration_state, target_digest
from tenants.services.provisioning import organization_create

pytestmark = pytest.mark.django_db


def names(nodes) -> list[str]:
    return sorted(f"{app}.{name}" for app, name in nodes)


def health_of(organization: Organization) -> int:
    return APIClient(HTTP_HOST=organization.primary_hostname).get("/api/v1/health/").status_code


def test_a_schema_ahead_of_this_code_is_served(tenant):
    ahead = MigrationState.objects.create(
        digest="ahead00000000001",
        migrations=[*names(expected_migrations()), "projects.9999_from_the_next_release"],
    )
    Organization.objects.filter(pk=tenant.pk).update(migration_digest=ahead.digest)

    assert health_of(tenant) == 200


def test_a_schema_missing_a_migration_of_this_code_is_503(tenant):
    behind = MigrationState.objects.create(
        digest="behind0000000001", migrations=names(expected_migrations())[1:]
    )
    Organization.objects.filter(pk=tenant.pk).update(migration_digest=behind.digest)

    assert health_of(tenant) == 503


def test_an_unknown_state_is_503(tenant):
    Organization.objects.filter(pk=tenant.pk).update(migration_digest="never-recorded")
    assert health_of(tenant) == 503


def test_provisioning_and_the_rollout_record_the_state_they_reach(make_user, settings):
    MigrationState.objects.filter(digest=target_digest()).delete()
    organization_create(name="Recorded", slug="recorded", owner_email=make_user().email)

    state = MigrationState.objects.get(digest=target_digest())
    assert state.migrations == names(expected_migrations())


def test_recording_a_state_twice_keeps_one_row():
    record_migration_state(expected_migrations())
    record_migration_state(expected_migrations())
    assert MigrationState.objects.filter(digest=target_digest()).count() == 1
