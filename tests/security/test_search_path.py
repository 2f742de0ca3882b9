"""search_path never drifts: savepoint rollbacks, errors, reopened connections, a server
connection left on another schema (as a pooler hands out), and SQL run behind the backend's
back (docs: core/db/base.py)."""

import logging
from http import HTTPStatus

import pytest
from django.db import IntegrityError, connection, connections, transaction

from tenant_apps.memberships.models import Membership
from tenants.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_schemas(make_member, tenant, second_tenant):
    ours = make_member(tenant, Role.MEMBER)
    theirs = make_member(second_tenant, Role.MEMBER)
    return ours, theirs


def user_ids() -> set[int]:
    return set(Membership.objects.values_list("user_id", flat=True))


def test_switching_schema_inside_a_transaction_reads_the_new_schema(
    two_schemas, tenant, second_tenant
):
    ours, theirs = two_schemas
    connection.set_tenant(tenant)
    assert ours.pk in user_ids()
    connection.set_tenant(second_tenant)
    ids = user_ids()
    assert theirs.pk in ids
    assert ours.pk not in ids


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
        assert wrapper.path_in_transaction is None
        assert current_schema() == tenant.schema_name
    finally:
        wrapper.close()


@pytest.fixture
def autocommit_wrapper():
    """A connection of its own, outside the test's transaction, as a worker has."""
    wrapper = connections.create_connection("default")
    yield wrapper
    wrapper.close()


def on_the_server_session(wrapper, setting: str) -> str:
    """What the server connection itself holds, asked without the backend's help."""
    return wrapper.connection.execute(f"SHOW {setting}").fetchone()[0]


def member_ids_in(wrapper, organization) -> set[int]:
    wrapper.set_tenant(organization)
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT user_id FROM memberships_membership")
        return {row[0] for row in cursor.fetchall()}


def test_a_path_left_on_the_server_connection_is_never_trusted(
    autocommit_wrapper, tenant, second_tenant
):
    theirs = member_ids_in(autocommit_wrapper, second_tenant)
    ours = member_ids_in(autocommit_wrapper, tenant)
    assert ours != theirs
    # A pooler hands this client a server connection another client left on its schema.
    autocommit_wrapper.connection.execute(f"SET search_path = {second_tenant.schema_name}")

    assert member_ids_in(autocommit_wrapper, tenant) == ours


def test_the_server_connection_keeps_its_own_path_and_timeout(autocommit_wrapper, tenant):
    autocommit_wrapper.set_tenant(tenant)
    with autocommit_wrapper.cursor() as cursor:
        cursor.execute("SHOW search_path")
        assert tenant.schema_name in cursor.fetchone()[0]
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "5s"

    # Nothing was left at session level for the next client of this server connection.
    assert tenant.schema_name not in on_the_server_session(autocommit_wrapper, "search_path")
    assert on_the_server_session(autocommit_wrapper, "statement_timeout") == "0"


def test_a_path_changed_behind_the_backends_back_fails_closed_with_a_json_503(
    tenant, tenant_member, second_tenant_member, tenant_client, second_tenant, monkeypatch, caplog
):
    def member_list_on_a_tampered_path():
        # Raw SQL on the driver, unseen by the backend: as if its bookkeeping were wrong.
        connection.connection.execute(
            "SELECT set_config('search_path', %s, true)", [f"{second_tenant.schema_name}, public"]
        )
        return Membership.objects.select_related("user")

    monkeypatch.setattr(
        "tenant_apps.memberships.api.views.member_list", member_list_on_a_tampered_path
    )

    with caplog.at_level(logging.ERROR):
        response = tenant_client(tenant_member).get("/api/v1/members/")

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.json()["code"] == "search_path_mismatch"
    assert second_tenant_member.email not in response.content.decode()
    (refusal,) = [record for record in caplog.records if record.name == "core.db"]
    assert (refusal.levelno, refusal.getMessage()) == (
        logging.CRITICAL,
        f'search_path on the server is not the one this transaction set ("{tenant.schema_name}", '
        '"public"); refusing the statement. Something ran SQL behind the backend.',
    )


def _drop_trap_indexes(cursor) -> None:
    cursor.execute("SELECT schemaname FROM pg_indexes WHERE indexname = 'trap_index'")
    for (schema,) in cursor.fetchall():
        cursor.execute(f'DROP INDEX "{schema}".trap_index')


@pytest.mark.direct_connection  # behind a transaction pooler the session path may miss it
def test_a_statement_that_cannot_run_in_a_transaction_runs_in_the_active_schema(
    autocommit_wrapper, tenant
):
    """CREATE INDEX CONCURRENTLY (a non-atomic migration) cannot share a transaction with
    the path, so it gets a session path for its own duration, put back afterwards. Through a
    transaction pooler the statement may run on another server connection than its path
    (make test-pooled showed it land in another schema): such migrations need a direct
    connection (README: Connection pooling)."""
    autocommit_wrapper.set_tenant(tenant)
    with autocommit_wrapper.cursor() as cursor:
        _drop_trap_indexes(cursor)  # one an interrupted run left, in whatever schema
        cursor.execute(
            "CREATE INDEX CONCURRENTLY trap_index ON memberships_membership (role) WHERE role = %s",
            [Role.OWNER],  # bound on the client: the statement keeps its parameters
        )
        try:
            cursor.execute(
                "SELECT schemaname, indexdef FROM pg_indexes WHERE indexname = 'trap_index'"
            )
            ((schema, definition),) = cursor.fetchall()
            assert schema == tenant.schema_name
            assert f"'{Role.OWNER}'" in definition
        finally:
            _drop_trap_indexes(cursor)
    assert tenant.schema_name not in on_the_server_session(autocommit_wrapper, "search_path")
