"""The database settings every deployment gets, poolers included (README: Pooling)."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from core.settings.base import database_from_url

URL = "postgres://postgres@db:5432/tenantry"


def test_no_startup_options_so_any_pooler_accepts_the_connection():
    config = database_from_url(URL)
    assert "options" not in config["OPTIONS"]
    assert config["DISABLE_SERVER_SIDE_CURSORS"] is True
    assert "pool" not in config["OPTIONS"]


def test_database_pool_gives_an_in_process_pool_without_persistent_connections():
    config = database_from_url(URL, pool="8")
    assert config["OPTIONS"]["pool"] == {"min_size": 1, "max_size": 8}
    assert config["CONN_MAX_AGE"] == 0


@pytest.mark.parametrize("pool", ["0", ""])
def test_database_pool_zero_or_unset_means_no_pool(pool):
    assert "pool" not in database_from_url(URL, pool=pool)["OPTIONS"]


@pytest.mark.parametrize("pool", ["-1", "many", "2.5"])
def test_a_database_pool_that_is_not_a_count_is_refused(pool):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_POOL"):
        database_from_url(URL, pool=pool)
