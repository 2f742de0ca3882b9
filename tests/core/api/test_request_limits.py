"""Bodies over Django's request limits answer JSON 413/400, on API views and Django's own."""

from http import HTTPStatus
from urllib.parse import urlencode

import pytest
from django.conf import settings
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db
LOGIN_URL = "/api/v1/auth/token/"
SESSION_LOGIN_URL = "/api/v1/auth/session/login/"


def client(host: str) -> APIClient:
    return APIClient(HTTP_HOST=host, raise_request_exception=False)


def too_big() -> str:
    return "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)


def assert_json_error(response, status: HTTPStatus, code: str) -> None:
    assert response.status_code == status, response.content[:200]
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == code
    assert response.json()["detail"]


def test_a_json_body_over_the_upload_limit_is_a_json_413(root_host):
    body = '{"email": "a@example.com", "password": "' + too_big() + '"}'
    response = client(root_host).post(LOGIN_URL, body, content_type="application/json")
    assert_json_error(response, HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "request_too_large")


@pytest.mark.parametrize("url", [LOGIN_URL, SESSION_LOGIN_URL])
def test_a_form_body_over_the_upload_limit_is_a_json_413(url, tenant_host):
    body = urlencode({"email": "a@example.com", "password": too_big()})
    response = client(tenant_host).post(url, body, content_type="application/x-www-form-urlencoded")
    assert_json_error(response, HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "request_too_large")


@pytest.mark.parametrize("url", [LOGIN_URL, SESSION_LOGIN_URL])
def test_more_form_fields_than_django_accepts_is_a_json_400(url, root_host):
    fields = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1
    body = "&".join(f"f{number}=1" for number in range(fields))
    response = client(root_host).post(url, body, content_type="application/x-www-form-urlencoded")
    assert_json_error(response, HTTPStatus.BAD_REQUEST, "too_many_fields")
