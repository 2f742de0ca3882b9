"""Django's own login forms (the browsable API's session login on every domain, the admin's
on the root domain) count against the same per-IP and per-email throttles as the token
endpoint: a form is not a way around them."""

from http import HTTPStatus

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tests.fixtures.users import PASSWORD

pytestmark = pytest.mark.django_db
TOKEN_URL = "/api/v1/auth/token/"
SESSION_LOGIN_URL = "/api/v1/auth/session/login/"
ADMIN_LOGIN_URL = "/admin/login/"


@pytest.fixture(autouse=True)
def tight_rates(settings):
    settings.LOGIN_THROTTLE_RATES = {"login_ip": "5/minute", "login_email": "3/minute"}


def token_attempt(host: str, email: str, password: str, ip: str):
    client = APIClient(HTTP_HOST=host, REMOTE_ADDR=ip)
    return client.post(TOKEN_URL, {"email": email, "password": password}, format="json")


def form_attempt(host: str, url: str, email: str, password: str, ip: str):
    return Client(HTTP_HOST=host, REMOTE_ADDR=ip).post(
        url, {"username": email, "password": password, "next": "/api/v1/me/"}
    )


@pytest.mark.parametrize(
    ("url", "on_tenant"),
    [(SESSION_LOGIN_URL, False), (SESSION_LOGIN_URL, True), (ADMIN_LOGIN_URL, False)],
)
def test_a_login_form_refuses_an_email_whose_counter_is_used_up(
    url, on_tenant, root_host, tenant_host, platform_admin
):
    host = tenant_host if on_tenant else root_host
    for attempt in range(3):
        token_attempt(host, platform_admin.email, "wrong-password", f"10.4.0.{attempt}")

    response = form_attempt(host, url, platform_admin.email, PASSWORD, "10.4.1.1")

    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert response.json()["code"] == "throttled"
    assert int(response["Retry-After"]) > 0
    assert "_auth_user_id" not in response.client.session


def test_guesses_through_a_login_form_use_up_the_email_counter(platform_admin, root_host):
    for attempt in range(3):
        response = form_attempt(
            root_host, SESSION_LOGIN_URL, platform_admin.email, "wrong", f"10.5.0.{attempt}"
        )
        assert response.status_code == HTTPStatus.OK  # the form again, with its error

    response = token_attempt(root_host, platform_admin.email.upper(), PASSWORD, "10.5.1.1")

    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_a_login_form_is_throttled_per_ip(root_host):
    statuses = [
        form_attempt(root_host, ADMIN_LOGIN_URL, f"p{n}@example.com", "x", "10.6.0.1").status_code
        for n in range(6)
    ]
    assert statuses == [HTTPStatus.OK] * 5 + [HTTPStatus.TOO_MANY_REQUESTS]


def test_a_login_form_still_logs_in(platform_admin, root_host):
    response = form_attempt(
        root_host, SESSION_LOGIN_URL, platform_admin.email, PASSWORD, "10.7.0.1"
    )
    assert response.status_code == HTTPStatus.FOUND
