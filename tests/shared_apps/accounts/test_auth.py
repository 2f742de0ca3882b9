from datetime import timedelta
from http import HTTPStatus

import pytest
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from rest_framework.test import APIClient

from shared_apps.accounts.models import AccessToken
from tests.fixtures.users import PASSWORD

pytestmark = pytest.mark.django_db
TOKEN_URL = "/api/v1/auth/token/"
LOGOUT_URL = "/api/v1/auth/logout/"
ME_URL = "/api/v1/me/"


def login(host: str, email: str, password: str):
    return APIClient(HTTP_HOST=host).post(
        TOKEN_URL, {"email": email, "password": password}, format="json"
    )


def bearer(host: str, token: str) -> APIClient:
    client = APIClient(HTTP_HOST=host)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


@pytest.mark.smoke
def test_login_returns_a_token_and_its_expiry(make_user, root_host):
    user = make_user()
    response = login(root_host, user.email.upper(), PASSWORD)

    assert response.status_code == HTTPStatus.OK
    body = response.json()
    assert len(body["token"]) >= 40
    assert parse_datetime(body["expires_at"]) > timezone.now()


def test_tokens_are_stored_hashed(make_user, root_host):
    user = make_user()
    token = login(root_host, user.email, PASSWORD).json()["token"]

    stored = AccessToken.objects.get(user=user)
    assert token not in {stored.digest, stored.key_prefix}
    assert not AccessToken.objects.filter(digest=token).exists()


def test_login_works_on_an_organization_domain_too(make_user, tenant_host):
    user = make_user()
    assert login(tenant_host, user.email, PASSWORD).status_code == HTTPStatus.OK


@pytest.mark.parametrize("case", ["wrong_password", "unknown_email", "inactive_user"])
def test_failed_logins_get_one_message_that_does_not_reveal_the_email(case, make_user, root_host):
    user = make_user(is_active=case != "inactive_user")
    email = "nobody@example.com" if case == "unknown_email" else user.email
    password = "wrong-password" if case == "wrong_password" else PASSWORD

    response = login(root_host, email, password)

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json() == {
        "detail": "Unable to log in with the given email and password.",
        "code": "invalid_credentials",
    }
    assert not AccessToken.objects.exists()


@pytest.mark.parametrize(
    "payload",
    [{}, {"email": "a@b.c"}, {"password": "x"}, {"email": "not-an-email", "password": "x"}, []],
)
def test_login_with_missing_or_malformed_fields_gets_field_errors(payload, root_host):
    response = APIClient(HTTP_HOST=root_host).post(TOKEN_URL, payload, format="json")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json()


def test_a_token_authenticates_requests(make_user, root_host):
    user = make_user()
    token = login(root_host, user.email, PASSWORD).json()["token"]
    response = bearer(root_host, token).get(ME_URL)
    assert response.status_code == HTTPStatus.OK
    assert response.json()["email"] == user.email


def test_logout_revokes_the_token_in_use_and_only_that_one(make_user, root_host):
    user = make_user()
    first = login(root_host, user.email, PASSWORD).json()["token"]
    second = login(root_host, user.email, PASSWORD).json()["token"]

    assert bearer(root_host, first).post(LOGOUT_URL).status_code == HTTPStatus.NO_CONTENT

    assert bearer(root_host, first).get(ME_URL).status_code == HTTPStatus.UNAUTHORIZED
    assert bearer(root_host, second).get(ME_URL).status_code == HTTPStatus.OK


def test_logout_without_a_token_is_401(root_host):
    response = APIClient(HTTP_HOST=root_host).post(LOGOUT_URL)
    assert response.status_code == HTTPStatus.UNAUTHORIZED


def test_an_expired_token_is_refused(make_user, root_host):
    user = make_user()
    token = login(root_host, user.email, PASSWORD).json()["token"]
    AccessToken.objects.filter(user=user).update(expires_at=timezone.now() - timedelta(seconds=1))

    response = bearer(root_host, token).get(ME_URL)

    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_token_of_a_deactivated_user_is_refused(make_user, root_host):
    user = make_user()
    token = login(root_host, user.email, PASSWORD).json()["token"]
    user.is_active = False
    user.save()
    response = bearer(root_host, token).get(ME_URL)
    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert response.json()["detail"] == "This account is disabled."


@pytest.mark.parametrize(
    "header", ["Bearer", "Bearer a b", "Bearer not-a-real-token", "Bearer \x00", "Bearer é"]
)
def test_malformed_or_unknown_bearer_tokens_get_a_json_401(header, root_host):
    client = APIClient(HTTP_HOST=root_host)
    client.credentials(HTTP_AUTHORIZATION=header)
    response = client.get(ME_URL)
    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert "detail" in response.json()


def test_session_login_works_for_the_browsable_api(make_user, root_host):
    user = make_user()
    client = APIClient(HTTP_HOST=root_host)
    client.force_login(user)
    assert client.get(ME_URL).status_code == HTTPStatus.OK


@pytest.mark.parametrize("header", ["Bearer", "Bearer a b"])
def test_a_bearer_header_without_exactly_one_token_says_how_to_send_it(header, root_host):
    client = APIClient(HTTP_HOST=root_host)
    client.credentials(HTTP_AUTHORIZATION=header)
    response = client.get(ME_URL)
    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert response.json()["detail"] == "Send the header as 'Bearer <token>'."


@pytest.mark.parametrize("token", ["too-short", "not/the/alphabet/of/a/token", "é" * 20])
def test_a_token_that_cannot_be_one_is_invalid_before_any_lookup(token, root_host):
    client = APIClient(HTTP_HOST=root_host)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    response = client.get(ME_URL)
    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert response.json()["detail"] == "Invalid token."


def test_a_token_is_expired_at_the_instant_of_its_expiry(make_user, root_host, monkeypatch):
    user = make_user()
    token = login(root_host, user.email, PASSWORD).json()["token"]
    instant = timezone.now() + timedelta(minutes=5)
    AccessToken.objects.filter(user=user).update(expires_at=instant)
    monkeypatch.setattr(timezone, "now", lambda: instant)

    response = bearer(root_host, token).get(ME_URL)

    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert response.json()["detail"] == "Invalid or expired token."
