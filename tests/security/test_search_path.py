"""search_path never drifts (DESIGN.md traps 5 and 6), and is only sent when it changes."""

import pytest
from django.db import IntegrityError, connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from tenant_apps.memberships.models import Membership, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_schemas(make_member, tenant, second_tenant):
    ours = make_member(tenant, Role.MEMBER)
    theirs = make_member(second_tenant, Role.MEMBER)
    return ours, theirs


def user_ids() -> set[int]:
    return set(Membership.objects.values_list("user_id", flat=True))


def sets(context) -> list[str]:
    return [
        query["sql"]
        for query in context.captured_queries
        if query["sql"].startswith("SET search_path")
    ]


def test_the_path_is_sent_once_while_it_does_not_change(two_schemas, tenant):
    connection.set_tenant(tenant)
    with CaptureQueriesContext(connection) as context:
        for _ in range(3):
            user_ids()
    assert len(sets(context)) <= 1


def test_switching_schema_sends_the_new_path(two_schemas, tenant, second_tenant):
    ours, theirs = two_schemas
    connection.set_tenant(tenant)
    assert ours.pk in user_ids()
    connection.set_tenant(second_tenant)
    with CaptureQueriesContext(connection) as context:
        ids = user_ids()
    assert theirs.pk in ids
    assert ours.pk not in ids
    assert len(sets(context)) == 1


def test_a_savepoint_rollback_never_leaves_another_tenants_path(two_schemas, tenant, second_tenant):
    ours, theirs = two_schemas
    connection.set_tenant(tenant)
    assert ours.pk in user_ids()
    savepoint = transaction.savepoint()
    connection.set_tenant(second_tenant)
    assert theirs.pk in user_ids()  # SET to second_tenant, after the savepoint
    transaction.savepoint_rollback(savepoint)  # PostgreSQL reverts the path to `tenant`

    ids = user_ids()  # Django still believes second_tenant is active

    assert theirs.pk in ids
    assert ours.pk not in ids


def test_after_an_error_in_an_atomic_block_the_path_is_right(two_schemas, tenant, second_tenant):
    ours, theirs = two_schemas
    connection.set_tenant(tenant)
    user_ids()

    def duplicate_in_second_tenant() -> None:
        with transaction.atomic():
            connection.set_tenant(second_tenant)
            Membership.objects.create(user=theirs, role=Role.MEMBER)  # duplicate: fails

    with pytest.raises(IntegrityError):
        duplicate_in_second_tenant()
    connection.set_tenant(second_tenant)
    ids = user_ids()
    assert theirs.pk in ids
    assert ours.pk not in ids


def test_iterator_reads_the_active_schema(two_schemas, tenant, second_tenant):
    ours, theirs = two_schemas
    connection.set_tenant(tenant)
    user_ids()
    connection.set_tenant(second_tenant)
    ids = {row.user_id for row in Membership.objects.iterator(chunk_size=1)}
    assert theirs.pk in ids
    assert ours.pk not in ids


def test_a_reopened_connection_gets_the_path_again(tenant):
    wrapper = connections.create_connection("default")  # outside the test's transaction

    def current_schema() -> str:
        with wrapper.cursor() as cursor:
            cursor.execute("SELECT current_schema()")
            return cursor.fetchone()[0]

    try:
        wrapper.set_tenant(tenant)
        assert current_schema() == tenant.schema_name
        wrapper.close()
        assert wrapper.search_path_on_connection is None
        assert current_schema() == tenant.schema_name
    finally:
        wrapper.close()
