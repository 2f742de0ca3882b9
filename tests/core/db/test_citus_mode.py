"""Citus mode is detected, not configured: the database has the `citus` extension or not,
asked once per connection (core/db/citus.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.db.citus import citus_mode
from tests.fixtures.committed import in_own_connection

pytestmark = pytest.mark.django_db


def _has_citus_extension() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_extension WHERE extname = 'citus'")
        return cursor.fetchone()[0] == 1


def test_citus_mode_is_whether_the_database_has_the_citus_extension():
    assert citus_mode() is _has_citus_extension()


def test_citus_mode_is_asked_once_per_connection(django_assert_num_queries):
    citus_mode()

    with django_assert_num_queries(0):
        citus_mode()
        citus_mode()


def test_a_new_connection_asks_again():
    # On a connection of its own: the test's cannot close inside its transaction, and a
    # transactional test's flush would empty the tables a reused test database keeps.
    def ask_close_and_ask_again() -> int:
        citus_mode()
        connection.close()
        with CaptureQueriesContext(connection) as queries:
            citus_mode()
        return len(queries)

    assert in_own_connection(ask_close_and_ask_again) == 1


@pytest.mark.citus
def test_a_citus_coordinator_is_in_citus_mode():
    assert citus_mode() is True
