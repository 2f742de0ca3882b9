"""The driver cursor's other ways to send SQL (executemany, COPY) carry the active schema's
path as execute does (core/db/cursor.py). Each statement records the schema it ran in into a
temporary table (pg_temp is searched whatever the path), so the test reads where it ran."""

import psycopg
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import OperationalError, connection, connections
from django.db.backends.postgresql.base import Cursor
from psycopg import sql

from core.db.base import DatabaseWrapper

pytestmark = pytest.mark.django_db


def record_table(cursor) -> None:
    cursor.execute("CREATE TEMP TABLE IF NOT EXISTS ran_in (schema text, tag text)")


def recorded(raw_connection) -> list[tuple[str, str]]:
    """Read without the backend's help, so no path is sent for the read itself."""
    return raw_connection.execute("SELECT schema, tag FROM pg_temp.ran_in ORDER BY tag").fetchall()


INSERT = "INSERT INTO pg_temp.ran_in SELECT current_schema(), %s"


@pytest.fixture
def autocommit_wrapper():
    """A connection of its own, outside the test's transaction, as a worker has."""
    wrapper = connections.create_connection("default")
    yield wrapper
    wrapper.close()


def test_executemany_in_a_transaction_runs_in_the_schema_switched_to(tenant, second_tenant):
    connection.set_tenant(second_tenant)
    with connection.cursor() as cursor:
        record_table(cursor)  # the transaction's path is second_tenant's now
        connection.set_tenant(tenant)
        cursor.executemany(INSERT, [("a",), ("b",)])
    assert recorded(connection.connection) == [(tenant.schema_name, "a"), (tenant.schema_name, "b")]


# A temporary table read after autocommit statements: it lives on one server connection, and
# a transaction pooler may hand each statement another.
@pytest.mark.direct_connection
def test_executemany_in_autocommit_runs_each_statement_in_the_active_schema(
    autocommit_wrapper, tenant
):
    autocommit_wrapper.set_tenant(tenant)
    with autocommit_wrapper.cursor() as cursor:
        record_table(cursor)
        cursor.executemany(INSERT, [("a",), ("b",)])
    rows = recorded(autocommit_wrapper.connection)
    assert rows == [(tenant.schema_name, "a"), (tenant.schema_name, "b")]


COPY_OUT = "COPY (SELECT current_schema(), %s::text) TO STDOUT"


def test_copy_in_a_transaction_reads_the_schema_switched_to(tenant, second_tenant):
    connection.set_tenant(second_tenant)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")  # the transaction's path is second_tenant's now
        connection.set_tenant(tenant)
        with cursor.copy(COPY_OUT, ["positional"]) as copy:
            rows = list(copy.rows())
        with cursor.copy(COPY_OUT, params=["keyword"]) as copy:
            rows += list(copy.rows())
    assert rows == [(tenant.schema_name, "positional"), (tenant.schema_name, "keyword")]


def test_copy_outside_a_transaction_is_refused(autocommit_wrapper, tenant):
    autocommit_wrapper.set_tenant(tenant)
    with (
        autocommit_wrapper.cursor() as cursor,
        pytest.raises(psycopg.ProgrammingError, match=r"^COPY needs a transaction here"),
    ):
        cursor.copy("COPY (SELECT current_schema()) TO STDOUT")


def test_after_forget_search_path_the_path_is_sent_again(tenant, second_tenant):
    connection.set_tenant(tenant)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        # SQL behind the backend's back (as loading a dump does), then said so.
        connection.connection.execute(
            "SELECT set_config('search_path', %s, true)", [second_tenant.schema_name]
        )
        connection.forget_search_path()
        cursor.execute("SELECT current_schema()")
        assert cursor.fetchone() == (tenant.schema_name,)


def test_a_server_side_cursor_is_refused_saying_why_and_what_to_keep():
    with pytest.raises(ImproperlyConfigured) as refused:
        connection.create_cursor(name="server_side")
    assert str(refused.value) == (
        "Server-side cursors cannot carry the search_path: keep "
        "DISABLE_SERVER_SIDE_CURSORS on (core/settings/base.py)."
    )


COMPOSED = sql.SQL("SELECT current_schema(), {}").format(sql.Literal("composed"))
RAW_BYTES = b"SELECT current_schema(), 'bytes'"


def test_composed_and_bytes_statements_carry_the_path_and_keep_it_for_the_next(
    tenant, second_tenant
):
    connection.set_tenant(second_tenant)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")  # the transaction's path is second_tenant's now
        connection.set_tenant(tenant)
        cursor.execute(COMPOSED)
        ran = [cursor.fetchone()]
        connection.set_tenant(second_tenant)
        cursor.execute(RAW_BYTES)
        ran.append(cursor.fetchone())
        cursor.execute("SELECT current_schema(), 'text'")
        ran.append(cursor.fetchone())
    assert ran == [
        (tenant.schema_name, "composed"),
        (second_tenant.schema_name, "bytes"),
        (second_tenant.schema_name, "text"),
    ]


def test_composed_and_bytes_statements_in_autocommit_run_in_the_active_schema(
    autocommit_wrapper, tenant
):
    autocommit_wrapper.set_tenant(tenant)
    with autocommit_wrapper.cursor() as cursor:
        cursor.execute(COMPOSED)
        ran = [cursor.fetchone()]
        cursor.execute(RAW_BYTES)
        ran.append(cursor.fetchone())
    assert ran == [(tenant.schema_name, "composed"), (tenant.schema_name, "bytes")]


def test_server_side_binding_is_refused_saying_why():
    settings_dict = connections["default"].settings_dict
    options = {**settings_dict.get("OPTIONS", {}), "server_side_binding": True}
    wrapper = DatabaseWrapper({**settings_dict, "OPTIONS": options})
    with pytest.raises(ImproperlyConfigured) as refused:
        wrapper.get_connection_params()
    assert str(refused.value) == (
        "server_side_binding must stay off: the search_path travels with each statement"
    )


@pytest.mark.parametrize("verify", [False, "unset"])
def test_without_verification_a_statement_on_the_transactions_path_is_sent_bare(
    tenant, settings, monkeypatch, verify
):
    """Production's default: only a transaction's first statement, or a change of path,
    carries a prefix."""
    if verify == "unset":
        del settings.TENANT_VERIFY_SEARCH_PATH
    else:
        settings.TENANT_VERIFY_SEARCH_PATH = False
    sent = []
    original = Cursor.execute

    def recording(self, query, params=None, **kwargs):
        sent.append(query)
        return original(self, query, params, **kwargs)

    connection.set_tenant(tenant)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")  # the transaction's path is tenant's now
        monkeypatch.setattr(Cursor, "execute", recording)
        cursor.execute("SELECT current_schema()")
        assert cursor.fetchone() == (tenant.schema_name,)
    assert sent == ["SELECT current_schema()"]


def test_a_path_changed_behind_the_backends_back_is_refused_saying_so(tenant, second_tenant):
    connection.set_tenant(tenant)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        connection.connection.execute(
            "SELECT set_config('search_path', %s, true)", [second_tenant.schema_name]
        )
        with pytest.raises(OperationalError) as refused:
            cursor.execute("SELECT 1")
    cause = refused.value.__cause__
    assert (cause.sqlstate, cause.diag.message_primary) == (
        "08T01",
        "search_path is not the one this transaction set",
    )
