"""A statement timeout bounds every request (DATABASE_STATEMENT_TIMEOUT_MS, default 5 s)."""

from http import HTTPStatus

import pytest
from django.db import connection, connections

from tenant_apps.memberships.models import Membership
from tenant_apps.memberships.selectors import membership as member_selectors

pytestmark = pytest.mark.django_db


def test_every_connection_starts_with_the_default_timeout():
    fresh = connections.create_connection("default")
    try:
        with fresh.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            assert cursor.fetchone()[0] == "5s"
    finally:
        fresh.close()


def test_a_request_whose_query_runs_too_long_gets_a_json_503(
    tenant_member, tenant_client, monkeypatch
):
    def slow_member_list():
        return Membership.objects.select_related("user").extra(where=["pg_sleep(0.3) IS NOT NULL"])

    monkeypatch.setattr(member_selectors, "member_list", slow_member_list)
    monkeypatch.setattr("tenant_apps.memberships.api.views.member_list", slow_member_list)
    client = tenant_client(tenant_member)
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = '50ms'")

    response = client.get("/api/v1/members/")

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.json()["code"] == "query_timeout"


def test_a_connection_whose_timeout_is_lifted_sends_the_lifted_one():
    fresh = connections.create_connection("default")
    try:
        lifted_in = fresh.statement_timeout_ms = 0  # lift_statement_timeout_for_this_session
        with fresh.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            assert cursor.fetchone()[0] == str(lifted_in)
    finally:
        fresh.close()
