from http import HTTPStatus

import pytest

from tenants.roles import Role
from tests.fixtures.urls import MEMBERS_URL

pytestmark = pytest.mark.django_db


def test_members_list_shows_email_name_role_and_joined_at(tenant_viewer, tenant_client, tenant):
    response = tenant_client(tenant_viewer).get(MEMBERS_URL)

    assert response.status_code == HTTPStatus.OK
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    me = next(member for member in body["results"] if member["user_id"] == tenant_viewer.pk)
    assert me["email"] == tenant_viewer.email
    assert me["role"] == Role.VIEWER
    assert set(me) == {"user_id", "email", "first_name", "last_name", "role", "joined_at"}


def test_a_member_is_retrieved_by_user_id(tenant_member, tenant_owner, tenant_client):
    response = tenant_client(tenant_member).get(f"{MEMBERS_URL}{tenant_owner.pk}/")
    assert response.status_code == HTTPStatus.OK
    assert response.json()["role"] == Role.OWNER


def test_an_unknown_member_id_is_404(tenant_member, tenant_client):
    for user_id in ("999999", "0"):
        response = tenant_client(tenant_member).get(f"{MEMBERS_URL}{user_id}/")
        assert response.status_code == HTTPStatus.NOT_FOUND
        assert response.json()["code"] == "not_a_member"


def test_page_size_is_bounded(tenant_member, make_member, tenant, tenant_client):
    for _ in range(100):  # with the founder and the caller, 102: more than one page may hold
        make_member(tenant, Role.VIEWER)

    response = tenant_client(tenant_member).get(f"{MEMBERS_URL}?page_size=100000")

    assert response.status_code == HTTPStatus.OK
    body = response.json()
    assert body["count"] == 102
    assert len(body["results"]) == 100  # `page_size` is honoured up to 100 (README)
    assert "page=2" in body["next"]


@pytest.mark.parametrize("query", ["?page=abc", "?page=999", "?page_size=-1", "?page_size=x"])
def test_bad_pagination_input_never_errors_with_500(query, tenant_member, tenant_client):
    response = tenant_client(tenant_member).get(f"{MEMBERS_URL}{query}")
    assert response.status_code in {HTTPStatus.OK, HTTPStatus.NOT_FOUND}


@pytest.mark.parametrize("extra_members", [0, 30])
def test_members_list_costs_the_same_queries_for_one_or_many_rows(
    extra_members, tenant_member, make_member, tenant, tenant_client, django_assert_num_queries
):
    for _ in range(extra_members):
        make_member(tenant, Role.MEMBER)
    client = tenant_client(tenant_member)

    # domain lookup, token + user, caller's membership, count, one page of members joined
    # with their users. The search_path travels with the statements: no query of its own.
    with django_assert_num_queries(5):
        response = client.get(MEMBERS_URL)
    assert response.json()["count"] == extra_members + 2  # the founder and the caller
