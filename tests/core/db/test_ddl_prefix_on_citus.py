"""The backend's prefix (the transaction's search_path, or the check of it) travels in the
same message as the statement (core/db/cursor.py). Citus sends some DDL to the workers as
the text the client sent, and a worker refuses several commands in one prepared statement:
on Citus a DDL statement gets its prefix in a message of its own. Everything else, and
everything on plain PostgreSQL, keeps the single message."""

import pytest
from django.db import connection, transaction
from django.db.backends.postgresql.base import Cursor

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


def test_ddl_in_autocommit_runs_in_the_active_schema(tenant):
    """The prefix sets the path for one transaction: sent apart in autocommit mode, it would
    end with its own transaction, and the DDL would run in the server's default path."""

    def create() -> None:
        with tenant, connection.cursor() as cursor:
            cursor.execute("CREATE TABLE prefix_probe_autocommit (id int)")

    def drop() -> None:
        with tenant, connection.cursor() as cursor:
            cursor.execute("DROP TABLE prefix_probe_autocommit")

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
