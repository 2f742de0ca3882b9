"""The backend's prefix (the transaction's search_path, or the check of it) travels in the
same message as the statement (core/db/cursor.py). Citus sends some DDL to the workers as
the text the client sent, and a worker refuses several commands in one prepared statement:
on Citus a DDL statement gets its prefix in a message of its own. Everything else, and
everything on plain PostgreSQL, keeps the single message."""

import pytest
from django.db import OperationalError, ProgrammingError, connection, connections, transaction
from django.db.backends.postgresql.base import Cursor
from psycopg.pq import TransactionStatus

from core.db.citus import citus_mode
from tests.fixtures.committed import in_own_connection

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(monkeypatch) -> list[str]:
    """The text of every message the backend's cursors send."""
    messages: list[str] = []
    original = Cursor.execute

    def recording(self, query, params=None, **kwargs):
        messages.append(query if isinstance(query, str) else query.as_string(self.connection))
        return original(self, query, params, **kwargs)

    monkeypatch.setattr(Cursor, "execute", recording)
    return messages


def _create_a_table(settings) -> None:
    settings.TENANT_VERIFY_SEARCH_PATH = True  # a prefix before every statement
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.execute("CREATE TABLE prefix_probe (id int)")


def test_ddl_shares_the_message_with_its_prefix_but_on_citus(sent, settings):
    _create_a_table(settings)

    (ddl,) = [message for message in sent if "CREATE TABLE prefix_probe" in message]
    if citus_mode():
        assert ddl.strip() == "CREATE TABLE prefix_probe (id int)"
    else:
        assert "search_path" in ddl


def _schemas_with_table(name: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT schemaname FROM pg_tables WHERE tablename = %s", [name])
        return {row[0] for row in cursor.fetchall()}


def _drop_everywhere(table: str) -> None:
    """What an interrupted session left in a reused test database, in whatever schema
    (make mutate runs a session per mutant on one database)."""
    with connection.cursor() as cursor:
        for schema in _schemas_with_table(table):
            cursor.execute(f'DROP TABLE "{schema}".{table}')


def test_ddl_in_autocommit_runs_in_the_active_schema(tenant):
    """The prefix sets the path for one transaction: sent apart in autocommit mode, it would
    end with its own transaction, and the DDL would run in the server's default path."""

    def create() -> None:
        with tenant, connection.cursor() as cursor:
            cursor.execute("CREATE TABLE prefix_probe_autocommit (id int)")

    def drop() -> None:
        with tenant, connection.cursor() as cursor:
            cursor.execute("DROP TABLE prefix_probe_autocommit")

    in_own_connection(_drop_everywhere, "prefix_probe_autocommit")
    in_own_connection(create)
    try:
        assert in_own_connection(_schemas_with_table, "prefix_probe_autocommit") == {
            tenant.schema_name
        }
    finally:
        in_own_connection(drop)


@pytest.mark.citus
def test_on_citus_a_foreign_key_to_a_reference_table_is_accepted_under_the_prefix(settings):
    settings.TENANT_VERIFY_SEARCH_PATH = True  # a prefix before every statement

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("CREATE SCHEMA prefix_probe")
        cursor.execute("CREATE TABLE prefix_probe.grants (id int, content_type_id int)")
        cursor.execute(
            "ALTER TABLE prefix_probe.grants ADD CONSTRAINT grants_ct FOREIGN KEY "
            "(content_type_id) REFERENCES django_content_type (id)"
        )
        cursor.execute("SELECT count(*) FROM prefix_probe.grants")
        assert cursor.fetchone() == (0,)


# What the Citus path sends is valid on plain PostgreSQL as well, so these take it there by
# setting the connection's answer to "is this Citus?" (asked again on a new connection).


def _like_citus() -> None:
    connection.ensure_connection()
    connection.citus_mode = True


def _around(messages: list[str], statement: str) -> list[str]:
    """The messages from two before `statement` (as sent, before its parameters are bound)
    to one after, upper-cased."""
    at = messages.index(statement)
    return [message.upper() for message in messages[at - 2 : at + 2]]


def test_on_citus_autocommit_ddl_is_sent_after_its_prefix_in_one_explicit_transaction(tenant, sent):
    statement = "CREATE TABLE prefix_probe_apart (id int DEFAULT %s)"

    def create() -> None:
        _like_citus()
        with tenant, connection.cursor() as cursor:
            cursor.execute(statement, [7])

    def drop() -> None:
        with tenant, connection.cursor() as cursor:
            cursor.execute("DROP TABLE prefix_probe_apart")

    in_own_connection(_drop_everywhere, "prefix_probe_apart")
    in_own_connection(create)
    try:
        begin, prefix, ddl, commit = _around(sent, statement)
        assert (begin, ddl, commit) == ("BEGIN", statement.upper(), "COMMIT")
        assert "SEARCH_PATH" in prefix
        assert in_own_connection(_schemas_with_table, "prefix_probe_apart") == {tenant.schema_name}
    finally:
        in_own_connection(drop)


def test_on_citus_a_failed_autocommit_ddl_is_rolled_back_and_the_connection_goes_on(tenant):
    def fail_then_select() -> tuple:
        _like_citus()
        with tenant, connection.cursor() as cursor:
            with pytest.raises(ProgrammingError):
                cursor.execute("DROP TABLE prefix_probe_never_made")
            status = connection.connection.info.transaction_status
            cursor.execute("SELECT 1")
            return status, cursor.fetchone()

    assert in_own_connection(fail_then_select) == (TransactionStatus.IDLE, (1,))


def test_on_citus_an_autocommit_ddl_that_loses_the_connection_raises_the_loss():
    """The rollback after it fails too (no connection): that failure is not the one raised."""

    def lose_the_connection() -> None:
        _like_citus()
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TABLE prefix_probe_lost AS SELECT pg_terminate_backend(pg_backend_pid())"
            )

    with pytest.raises(OperationalError):
        in_own_connection(lose_the_connection)


@pytest.fixture
def test_connection_like_citus():
    connection.ensure_connection()
    asked = connection.citus_mode
    connection.citus_mode = True
    yield
    connection.citus_mode = asked


def test_on_citus_ddl_in_a_transaction_follows_its_prefix_and_the_transaction_goes_on(
    sent, settings, test_connection_like_citus
):
    in_own_connection(_drop_everywhere, "prefix_probe_in_a_transaction")
    settings.TENANT_VERIFY_SEARCH_PATH = True  # a prefix before every statement
    statement = "CREATE TABLE prefix_probe_in_a_transaction (id int DEFAULT %s)"

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.execute(statement, [7])
        cursor.execute("INSERT INTO prefix_probe_in_a_transaction DEFAULT VALUES RETURNING id")
        assert cursor.fetchone() == (7,)

    at = sent.index(statement)
    assert "search_path" in sent[at - 1]
    assert connection.connection.info.transaction_status == TransactionStatus.INTRANS
    assert _schemas_with_table("prefix_probe_in_a_transaction") == {"public"}


def test_a_connections_first_ddl_finds_out_whether_it_is_on_citus():
    fresh = connections.create_connection("default")
    try:
        fresh.ensure_connection()
        before = fresh.citus_mode
        with fresh.cursor() as cursor:
            cursor.execute("CREATE TEMP TABLE prefix_probe_first_ddl (id int)")
        after = fresh.citus_mode
    finally:
        fresh.close()
    assert before is None
    assert after is citus_mode()
