from http import HTTPStatus

import pytest

from tests.fixtures.urls import PROJECTS_URL

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed(tenant_admin, tenant_member, make_project):
    make_project(tenant_admin, name="Alpha", description="first rocket")
    make_project(tenant_member, name="Bravo", description="boats", status="archived")
    make_project(tenant_admin, name="Charlie", description="rocket science")


def names(response) -> list[str]:
    assert response.status_code == HTTPStatus.OK, response.content
    return [project["name"] for project in response.json()["results"]]


def test_pages_hold_20_and_page_size_goes_up_to_100(tenant_admin, tenant_client, make_project):
    for index in range(25):
        make_project(tenant_admin, name=f"P{index:02}")
    client = tenant_client(tenant_admin)

    first = client.get(PROJECTS_URL).json()
    assert first["count"] == 25
    assert len(first["results"]) == 20
    assert first["next"]
    assert first["previous"] is None
    assert len(client.get(PROJECTS_URL, {"page_size": 5}).json()["results"]) == 5
    assert len(client.get(PROJECTS_URL, {"page_size": 1000}).json()["results"]) == 25


def test_filter_by_status_and_owner(listed, tenant_admin, tenant_member, tenant_client):
    client = tenant_client(tenant_admin)
    assert names(client.get(PROJECTS_URL, {"status": "archived"})) == ["Bravo"]
    assert sorted(names(client.get(PROJECTS_URL, {"owner": tenant_admin.pk}))) == [
        "Alpha",
        "Charlie",
    ]


def test_search_name_and_description(listed, tenant_admin, tenant_client):
    client = tenant_client(tenant_admin)
    assert sorted(names(client.get(PROJECTS_URL, {"search": "rocket"}))) == ["Alpha", "Charlie"]
    assert names(client.get(PROJECTS_URL, {"search": "brav"})) == ["Bravo"]


def test_ordering_by_name_created_and_updated(listed, tenant_admin, tenant_client):
    client = tenant_client(tenant_admin)
    assert names(client.get(PROJECTS_URL, {"ordering": "-name"})) == ["Charlie", "Bravo", "Alpha"]
    assert names(client.get(PROJECTS_URL, {"ordering": "created_at"})) == [
        "Alpha",
        "Bravo",
        "Charlie",
    ]
    assert names(client.get(PROJECTS_URL, {"ordering": "-updated_at"}))[0] == "Charlie"


@pytest.mark.parametrize(
    "query",
    [
        {"ordering": "is_deleted"},
        {"ordering": "owner__password"},
        {"ordering": "description"},
        {"ordering": "-id,;drop"},
        {"status": "bogus"},
        {"owner": "abc"},
        {"owner": "99999999999999999999999"},
        {"search": "' OR 1=1 --"},
        {"search": "%_\\"},
        {"search": "\x00"},
        {"page": "zzz"},
        {"page_size": "-5"},
    ],
)
def test_odd_queries_never_500_and_never_order_by_hidden_columns(
    query, listed, tenant_admin, tenant_client
):
    response = tenant_client(tenant_admin).get(PROJECTS_URL, query)
    assert response.status_code in {HTTPStatus.OK, HTTPStatus.BAD_REQUEST, HTTPStatus.NOT_FOUND}
    if "ordering" in query:
        # unknown ordering fields are ignored: the default order (newest first) applies
        assert names(response) == ["Charlie", "Bravo", "Alpha"]
