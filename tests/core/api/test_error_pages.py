"""Every error of the API is JSON with `detail` and `code`, whoever produced it: DRF,
Django's middleware, the docs view, or an unhandled exception under DEBUG."""

from http import HTTPStatus

import pytest
from rest_framework.test import APIClient

from core.views import HealthView
from tests.fixtures.users import PASSWORD

pytestmark = pytest.mark.django_db
SESSION_LOGIN_URL = "/api/v1/auth/session/login/"


def client(host: str, **options) -> APIClient:
    return APIClient(HTTP_HOST=host, raise_request_exception=False, **options)


def assert_json_error(response, status: HTTPStatus, code: str | None = None) -> dict:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/json", response.content[:300]
    body = response.json()
    assert body["detail"]
    assert body["code"] == code if code else body["code"]
    return body


def test_a_failed_csrf_check_on_the_session_login_is_a_json_403(tenant_member, tenant_host):
    browser = client(tenant_host, enforce_csrf_checks=True)
    response = browser.post(
        SESSION_LOGIN_URL,
        {"username": tenant_member.email, "password": PASSWORD},
        format="multipart",
    )
    assert_json_error(response, HTTPStatus.FORBIDDEN, "csrf_failed")


def test_the_tenant_api_docs_answer_json_to_non_members(
    tenant_host, make_user, second_tenant_member, client_for
):
    anonymous = client(tenant_host).get("/api/docs/")
    assert_json_error(anonymous, HTTPStatus.UNAUTHORIZED, "not_authenticated")
    stranger = client_for(tenant_host, second_tenant_member).get("/api/docs/")
    assert_json_error(stranger, HTTPStatus.NOT_FOUND, "not_found")


def test_drf_errors_carry_a_code(tenant_host, root_host, tenant_member, client_for):
    assert_json_error(client(root_host).get("/api/v1/me/"), HTTPStatus.UNAUTHORIZED)
    member = client_for(tenant_host, tenant_member)
    assert_json_error(member.get("/api/v1/projects/999999/"), HTTPStatus.NOT_FOUND, "not_found")
    body = member.post("/api/v1/projects/", "[1, 2]", content_type="application/json")
    assert body.status_code == HTTPStatus.BAD_REQUEST
    assert "code" in body.json() or "non_field_errors" in body.json()


@pytest.fixture
def crashing_health(monkeypatch):
    def crash(self, request):
        raise RuntimeError("a bug")

    monkeypatch.setattr(HealthView, "get", crash)


@pytest.mark.parametrize("debug", [False, True])
def test_an_unhandled_error_is_a_json_500_that_shows_no_settings(
    debug, crashing_health, root_host, tenant_host, settings
):
    settings.DEBUG = debug
    for host in (root_host, tenant_host):
        response = client(host).get("/api/v1/health/", HTTP_ACCEPT="text/html")
        assert_json_error(response, HTTPStatus.INTERNAL_SERVER_ERROR, "server_error")
        assert settings.DATABASES["default"]["NAME"].encode() not in response.content


@pytest.mark.parametrize("debug", [False, True])
def test_unknown_api_paths_and_refused_bodies_answer_json_under_debug(debug, root_host, settings):
    settings.DEBUG = debug
    browser = client(root_host, HTTP_ACCEPT="text/html")
    assert_json_error(browser.get("/api/v1/nowhere/"), HTTPStatus.NOT_FOUND)
    fields = "&".join(f"f{n}=1" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))
    response = browser.post(
        SESSION_LOGIN_URL, fields, content_type="application/x-www-form-urlencoded"
    )
    # Under DEBUG Django skips handler400, so only the status tells what was refused.
    assert_json_error(response, HTTPStatus.BAD_REQUEST, None if debug else "too_many_fields")
