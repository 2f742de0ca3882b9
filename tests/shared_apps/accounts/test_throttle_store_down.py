"""The login throttles count in the shared cache (Redis in production). When it does not
answer, a guess cannot be counted, so it is not let through either: the API's login and
Django's login forms answer a JSON 503 to retry (never a 500), and nothing is signed in."""

from http import HTTPStatus

import pytest
from django.core.cache.backends.redis import RedisCache
from rest_framework.test import APIClient

from shared_apps.accounts.throttling import LoginEmailThrottle, LoginIPThrottle
from tests.fixtures.mail import closed_port

pytestmark = pytest.mark.django_db


@pytest.fixture
def throttle_store_down(monkeypatch):
    unreachable = RedisCache(f"redis://127.0.0.1:{closed_port()}/0", {})
    for throttle in (LoginIPThrottle, LoginEmailThrottle):
        monkeypatch.setattr(throttle, "cache", unreachable)


@pytest.mark.usefixtures("throttle_store_down")
def test_the_api_login_is_a_json_503_to_retry(make_user, root_host):
    make_user(email="someone@example.com", password="a-long-enough-password")

    response = APIClient(HTTP_HOST=root_host).post(
        "/api/v1/auth/token/",
        {"email": "someone@example.com", "password": "a-long-enough-password"},
        format="json",
    )

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.json()["code"] == "throttle_unavailable"
    assert int(response["Retry-After"]) > 0
    assert "token" not in response.json()


@pytest.mark.usefixtures("throttle_store_down")
def test_the_session_login_form_is_a_json_503_to_retry(tenant_member, tenant_host):
    client = APIClient(HTTP_HOST=tenant_host, raise_request_exception=False)

    response = client.post(
        "/api/v1/auth/session/login/",
        {"username": tenant_member.email, "password": "whatever-it-is"},
    )

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.json()["code"] == "throttle_unavailable"
    assert "_auth_user_id" not in client.session
