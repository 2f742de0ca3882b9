"""Login is throttled per IP and per email, across every domain, with a JSON 429."""

from http import HTTPStatus

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db
TOKEN_URL = "/api/v1/auth/token/"


@pytest.fixture(autouse=True)
def tight_rates(settings):
    settings.LOGIN_THROTTLE_RATES = {"login_ip": "5/minute", "login_email": "3/minute"}


def attempt(host: str, email: str, ip: str):
    client = APIClient(HTTP_HOST=host, REMOTE_ADDR=ip)
    return client.post(TOKEN_URL, {"email": email, "password": "wrong-password"}, format="json")


def test_one_email_is_throttled_whatever_the_ip_and_domain(make_user, root_host, tenant_host):
    user = make_user()
    statuses = [
        attempt(
            host, user.email.upper() if index % 2 else user.email, f"10.0.0.{index}"
        ).status_code
        for index, host in enumerate([root_host, tenant_host, root_host, tenant_host])
    ]
    assert statuses == [HTTPStatus.BAD_REQUEST] * 3 + [HTTPStatus.TOO_MANY_REQUESTS]


def test_one_ip_is_throttled_whatever_the_email(root_host):
    statuses = [
        attempt(root_host, f"person{n}@example.com", "10.9.9.9").status_code for n in range(6)
    ]
    assert statuses == [HTTPStatus.BAD_REQUEST] * 5 + [HTTPStatus.TOO_MANY_REQUESTS]


def test_a_throttled_answer_is_json_with_retry_after(root_host):
    for n in range(5):
        attempt(root_host, f"someone{n}@example.com", "10.8.8.8")
    response = attempt(root_host, "someone@example.com", "10.8.8.8")
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert int(response["Retry-After"]) > 0
    assert "detail" in response.json()


def test_unknown_and_known_emails_fail_alike(make_user, root_host):
    user = make_user()
    known = attempt(root_host, user.email, "10.7.7.1")
    unknown = attempt(root_host, "nobody-here@example.com", "10.7.7.2")
    assert known.status_code == unknown.status_code == HTTPStatus.BAD_REQUEST
    assert known.json() == unknown.json()


def test_a_forged_x_forwarded_for_does_not_escape_the_ip_throttle(root_host):
    statuses = []
    for n in range(6):
        client = APIClient(
            HTTP_HOST=root_host, REMOTE_ADDR="10.6.6.6", HTTP_X_FORWARDED_FOR=f"1.2.3.{n}"
        )
        response = client.post(
            TOKEN_URL, {"email": f"p{n}@example.com", "password": "x"}, format="json"
        )
        statuses.append(response.status_code)
    assert statuses[-1] == HTTPStatus.TOO_MANY_REQUESTS


def test_the_email_throttle_key_is_a_fixed_size_digest_not_the_attackers_text(root_host):
    # Found by the schema fuzzer: a 2,000-character email became a 2,000-character cache
    # key (memcached refuses keys over 250 bytes or with control characters).
    from rest_framework.parsers import JSONParser
    from rest_framework.request import Request
    from rest_framework.test import APIRequestFactory

    from shared_apps.accounts.throttling import LoginEmailThrottle

    def key_for(email: str) -> str:
        raw = APIRequestFactory().post(TOKEN_URL, {"email": email}, format="json")
        return LoginEmailThrottle().get_cache_key(Request(raw, parsers=[JSONParser()]), None)

    hostile = "\x00" + "a" * 2000 + "@example.com"
    assert len(key_for(hostile)) < 100
    assert "aaaa" not in key_for(hostile)
    assert "\x00" not in key_for(hostile)
    assert key_for("Person@Example.com") == key_for("person@example.com")
    assert key_for("person@example.com") != key_for("other@example.com")
    for _ in range(4):
        last = attempt(root_host, hostile, "10.7.7.7")
    assert last.status_code == HTTPStatus.TOO_MANY_REQUESTS
