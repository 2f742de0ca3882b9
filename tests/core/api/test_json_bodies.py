"""JSON bodies the parser must refuse with a JSON 400, before they can hurt the server."""

from http import HTTPStatus

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db
LOGIN_URL = "/api/v1/auth/token/"


def post_raw(host: str, body: bytes | str, content_type: str = "application/json"):
    client = APIClient(HTTP_HOST=host, raise_request_exception=False)
    return client.post(LOGIN_URL, body, content_type=content_type)


def test_deeply_nested_json_is_a_400_with_a_code_not_a_recursion_error(root_host, tenant_host):
    for host in (root_host, tenant_host):
        response = post_raw(host, "[" * 1000 + "]" * 1000)

        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert response["Content-Type"] == "application/json"
        assert response.json()["code"] == "json_too_deep"


def test_nesting_inside_strings_does_not_count(root_host):
    body = '{"email": "' + "[" * 1000 + '@example.com", "password": "' + "{" * 1000 + '"}'
    response = post_raw(root_host, body)

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json().get("code") != "json_too_deep"
    assert "email" in response.json()  # the serializer answered: the body parsed


def test_json_nested_a_few_levels_still_parses(root_host):
    response = post_raw(root_host, '{"email": [[[["a"]]]], "password": {"a": {"b": 1}}}')

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert set(response.json()) == {"email", "password"}
