"""Citus mode is detected, not configured: the database has the `citus` extension or not,
asked once per connection (core/db/citus.py)."""

import pytest
from django.db import connection

from core.db.citus import citus_mode

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


@pytest.mark.django_db(transaction=True)  # a connection closed outside a test transaction
def test_a_new_connection_asks_again(django_assert_num_queries):
    citus_mode()
    connection.close()

    with django_assert_num_queries(1):
        citus_mode()


@pytest.mark.citus
def test_a_citus_coordinator_is_in_citus_mode():
    assert citus_mode() is True
