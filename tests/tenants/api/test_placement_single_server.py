"""Placement on a single PostgreSQL server: there are no nodes, so organizations have none,
and a move or a rebalance is refused with an answer that says why."""

import json
from http import HTTPStatus
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def move_url(slug: str) -> str:
    return f"/api/v1/platform/organizations/{slug}/move/"


@pytest.mark.single_node
def test_an_organization_has_no_node_on_a_single_server(platform_client, tenant):
    response = platform_client.get(f"/api/v1/platform/organizations/{tenant.slug}/")

    assert response.status_code == HTTPStatus.OK
    assert response.json()["node"] is None


@pytest.mark.single_node
def test_a_move_on_a_single_server_is_a_json_409(platform_client, tenant):
    response = platform_client.post(move_url(tenant.slug), {"node": "db2:5432"}, format="json")

    assert response.status_code == HTTPStatus.CONFLICT
    assert response.json()["code"] == "not_a_cluster"


@pytest.mark.single_node
def test_the_commands_say_there_is_no_cluster(tenant):
    with pytest.raises(CommandError, match="not a Citus cluster"):
        call_command("move_organization", tenant.slug, "--to", "db2:5432", "--wait")
    with pytest.raises(CommandError, match="not a Citus cluster"):
        call_command("rebalance_organizations", stdout=StringIO())


@pytest.mark.single_node
def test_the_listing_has_no_node_column_on_a_single_server(tenant):
    table, as_json = StringIO(), StringIO()
    call_command("list_organizations", stdout=table)
    call_command("list_organizations", "--json", stdout=as_json)

    assert "NODE" not in table.getvalue()
    assert {row["node"] for row in json.loads(as_json.getvalue())} == {None}


@pytest.mark.parametrize(
    "payload", [{}, {"node": ""}, {"node": "db2"}, {"node": "db2:port"}, {"node": ["db2:5432"]}]
)
def test_a_move_without_a_usable_node_is_a_json_400(platform_client, tenant, payload):
    response = platform_client.post(move_url(tenant.slug), payload, format="json")

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json()["node"]  # the field, beside detail and code


def test_a_move_of_an_unknown_organization_is_a_json_404(platform_client):
    response = platform_client.post(move_url("nobody-here"), {"node": "db2:5432"}, format="json")

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert response.json()["code"] == "not_found"  # as for every platform route of a slug
