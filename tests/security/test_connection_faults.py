"""Database connections killed under the app (pg_terminate_backend): the request that was
using one gets a JSON 503 with Retry-After, never a 500 or another tenant's data, and the
next request reconnects without a restart. Each test runs on a thread of its own, so that
the connection it kills is not the test's transaction."""

import psycopg
import pytest
from django.db import close_old_connections, connection
from django.test import Client

from core.views import HealthView
from tenants.routing.cache import host_cache
from tests.fixtures.committed import in_own_connection

pytestmark = [pytest.mark.django_db, pytest.mark.direct_connection]


def kill(pid: int) -> None:
    params = connection.get_connection_params()
    with psycopg.connect(**params, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])


def backend_pid() -> int:
    connection.ensure_connection()
    return connection.connection.info.backend_pid


def get_health(host: str):
    # What Django's handler does at the start of every request (the test client leaves it
    # out): with CONN_HEALTH_CHECKS, a dead connection is replaced before it is used.
    close_old_connections()
    return Client(raise_request_exception=False).get("/api/v1/health/", HTTP_HOST=host)


def test_after_the_apps_connection_is_killed_the_next_request_succeeds(tenant):
    def scenario():
        assert get_health(tenant.primary_hostname).status_code == 200
        kill(backend_pid())
        host_cache.clear()  # the next request must query the database
        response = get_health(tenant.primary_hostname)
        return response.status_code, response.json()["organization"]["slug"]

    assert in_own_connection(scenario) == (200, tenant.slug)


def test_a_view_whose_connection_dies_answers_json_503(tenant, monkeypatch):
    def dying_get(self, request):
        kill(backend_pid())
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")

    def scenario():
        with monkeypatch.context() as patch:
            patch.setattr(HealthView, "get", dying_get)
            failed = get_health(tenant.primary_hostname)
        recovered = get_health(tenant.primary_hostname)
        return failed, recovered

    failed, recovered = in_own_connection(scenario)

    assert failed.status_code == 503
    assert failed.json()["code"] == "database_unavailable"
    assert failed["Retry-After"] == "1"
    assert recovered.status_code == 200


def test_routing_whose_connection_dies_answers_json_503(tenant, monkeypatch):
    resolve = host_cache.resolve

    def dying_resolve(hostname):
        kill(backend_pid())
        host_cache.clear()
        return resolve(hostname)

    def scenario():
        host_cache.clear()
        with monkeypatch.context() as patch:
            patch.setattr(host_cache, "resolve", dying_resolve)
            failed = get_health(tenant.primary_hostname)
        return failed, get_health(tenant.primary_hostname)

    failed, recovered = in_own_connection(scenario)

    assert failed.status_code == 503
    assert failed.json()["code"] == "database_unavailable"
    assert recovered.status_code == 200
