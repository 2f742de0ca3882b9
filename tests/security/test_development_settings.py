"""`make run` serves with runserver, one thread per request: a persistent connection per
thread would pile up idle connections (30 parallel requests, 30 idle connections), so
persistent connections belong to production only."""

from tests.fixtures.startup import REAL_KEY, start_with_settings

MAX_AGE = (
    "import django; django.setup(); from django.conf import settings; "
    "print(settings.DATABASES['default']['CONN_MAX_AGE'])"
)
DATABASE = "postgres://db/tenantry"


def test_make_run_closes_the_connection_after_each_request():
    result = start_with_settings("core.settings.local", MAX_AGE, DATABASE_URL=DATABASE)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["0"]


def test_production_keeps_persistent_connections():
    result = start_with_settings(
        "core.settings.production", MAX_AGE, DATABASE_URL=DATABASE, SECRET_KEY=REAL_KEY
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) > 0
