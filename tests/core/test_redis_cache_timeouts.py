"""A Redis that accepts connections and never answers must not hold requests long: Django's
Redis caches (the routing version, the login throttles) give up after two seconds, as fair
share's own client does (tests/tenants/routing/test_fair_share.py). Then each does what it
does when the cache is down: routing reads the registry, a login answers 503 to retry."""

import socket
import threading
from http import HTTPStatus

import pytest
from django.core.cache.backends.redis import RedisCache
from django.db import connections
from rest_framework.test import APIClient

from core.settings.base import cache_config
from shared_apps.accounts.throttling import LoginEmailThrottle, LoginIPThrottle

pytestmark = pytest.mark.django_db  # the requests run on a thread: it sees committed rows only
# Seconds: one timeout of two seconds and room on a busy machine; the client library's own
# default (five seconds in redis-py 8) is too long for a request to wait on a cache.
WAIT_AT_MOST = 3.5


@pytest.fixture
def silent_redis_url():
    with socket.socket() as silent:  # accepts the connection, never says a word
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        host, port = silent.getsockname()
        yield f"redis://{host}:{port}/0"


def answer_within(seconds: float, request):
    """`request()`'s answer, on a thread given `seconds` to end (a hung one is left)."""
    outcome = {}

    def run() -> None:
        try:
            outcome["answer"] = request()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"no answer after {seconds} s: the cache call hangs"
    return outcome["answer"]


def test_routing_goes_on_when_its_cache_never_answers(settings, silent_redis_url, tenant_host):
    settings.CACHES = {
        **settings.CACHES,
        "routing": cache_config("routing", redis_url=silent_redis_url, KEY_PREFIX="routing"),
    }

    answer = answer_within(
        WAIT_AT_MOST, lambda: APIClient(HTTP_HOST=tenant_host).get("/api/v1/health/")
    )

    assert answer.status_code == HTTPStatus.OK


def test_a_login_is_a_503_when_the_throttle_cache_never_answers(
    monkeypatch, silent_redis_url, root_host
):
    config = cache_config("throttle", redis_url=silent_redis_url, KEY_PREFIX="throttle")
    silent = RedisCache(config["LOCATION"], config)
    for throttle in (LoginIPThrottle, LoginEmailThrottle):
        monkeypatch.setattr(throttle, "cache", silent)

    answer = answer_within(
        WAIT_AT_MOST,
        lambda: APIClient(HTTP_HOST=root_host).post(
            "/api/v1/auth/token/",
            {"email": "nobody@example.com", "password": "a-long-enough-password"},
            format="json",
        ),
    )

    assert answer.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert answer.json()["code"] == "throttle_unavailable"
