"""The front proxy's config (deploy/nginx/tenantry.conf.template), run in Debian's nginx in
front of gunicorn: a per-Host request limit answered by the proxy itself (a flood from one
organization never takes a worker thread), the platform's own domain left unlimited, a body
cap, and JSON for everything the proxy answers on its own."""

import http.client
import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.conf import settings

from bench.common import database_url, free_port, start_gunicorn
from core.dev.nginx import nginx_binary, running_nginx
from tenants.services.proxy_limits import LIMITS_FILE, proxy_limits_config

# Requests through the proxy reach the app, which reads the test database's domain table.
pytestmark = pytest.mark.django_db
# Per Host: a second's requests, those passed at once beyond the rate, and those held at most
# (the burst included) and let through at the rate; low, so that a test passes them at once.
RATE, BURST, QUEUE = 2, 4, 8
REFUSAL_BYTES_PER_SECOND = 100  # a 429 of about 400 bytes then takes about three seconds


@pytest.fixture(scope="module")
def nginx():
    if nginx_binary() is None:
        pytest.skip("Debian's nginx is not installed: apt-get install nginx (CI installs it)")


@pytest.fixture(scope="module")
def upstream(nginx, django_db_setup, django_db_blocker):
    """gunicorn on the test database (unknown hosts read the domain table there)."""
    from django.db import connection

    with django_db_blocker.unblock():
        test_database = connection.settings_dict["NAME"]
    served_on = free_port()
    # On DATABASE_URL's server, a socket folder too (the embedded PostgreSQL's).
    process = start_gunicorn(port=served_on, DATABASE_URL=database_url(test_database))
    yield served_on
    process.terminate()
    process.wait(timeout=10)


def proxy_in_front_of(upstream: str, limits_directory: Path | None = None):
    """The template in nginx, with this module's limits, in front of `upstream`; the
    per-organization limits from `limits_directory` (none without it)."""
    return running_nginx(
        upstream=upstream,
        limits_directory=limits_directory,
        base_domain=settings.TENANT_BASE_DOMAIN,
        requests_per_second=RATE,
        burst=BURST,
        queue=QUEUE,
        refusal_bytes_per_second=REFUSAL_BYTES_PER_SECOND,
    )


@pytest.fixture(scope="module")
def proxy(upstream):
    with proxy_in_front_of(f"127.0.0.1:{upstream}") as front:
        yield front.port


def send(port: int, host: str, method: str = "GET", path: str = "/api/v1/health/", body=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, path, body=body, headers={"Host": host})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def at_once(port: int, host: str, count: int) -> list[tuple[int, dict, bytes, float]]:
    """`count` requests sent together; each answer with the seconds it took."""

    def timed(_):
        sent = time.monotonic()
        return (*send(port, host), time.monotonic() - sent)

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(timed, range(count)))


def organization_host(label: str) -> str:
    return f"{label}.{settings.TENANT_BASE_DOMAIN}"


def answered_by_the_app(headers: dict) -> bool:
    return "X-Request-ID" in headers  # the app sends it back on every answer; nginx does not


def test_a_request_reaches_the_app_with_its_host_unchanged(proxy):
    status, headers, body = send(proxy, organization_host("nobody-here"))
    # The app's own answer for a host it does not serve: the Host went through as sent.
    assert status == 404
    assert answered_by_the_app(headers)
    assert json.loads(body)["code"] == "unknown_host"


def test_a_host_past_its_rate_is_answered_429_in_json_by_the_proxy(proxy):
    answers = at_once(proxy, organization_host("flooding"), QUEUE + 1 + 6)
    refused = [answer for answer in answers if answer[0] == 429]
    assert refused, [answer[0] for answer in answers]  # 6 when all arrive within 1/RATE s
    assert any(answer[0] == 404 for answer in answers)  # within its share, the app answers
    _, headers, body, _ = refused[0]
    assert headers["Retry-After"] == "1"
    assert headers["Content-Type"].startswith("application/json")
    assert json.loads(body)["code"] == "organization_rate_limited"
    assert not answered_by_the_app(headers)


def test_another_host_is_served_while_one_is_refused(proxy):
    statuses = [answer[0] for answer in at_once(proxy, organization_host("noisy"), QUEUE + 7)]
    assert 429 in statuses
    assert send(proxy, organization_host("quiet"))[0] == 404


def test_a_refusal_is_sent_slowly_so_a_client_looping_on_them_waits(proxy):
    answers = at_once(proxy, organization_host("looping"), QUEUE + 1 + 6)
    refused = [answer for answer in answers if answer[0] == 429]
    assert refused
    size = min(len(body) for _, _, body, _ in refused)
    # Its bytes at the refusal rate, the first second's sent at once (nginx's limit_rate);
    # the body alone, so the answer takes at least this long. On that connection the client
    # cannot send again sooner.
    at_least = (size - REFUSAL_BYTES_PER_SECOND) / REFUSAL_BYTES_PER_SECOND
    assert min(answer[3] for answer in refused) >= at_least * 0.9 > 0


def test_requests_past_the_burst_are_held_and_let_through_at_the_rate(proxy):
    answers = at_once(proxy, organization_host("bursting"), BURST + 1 + 2)
    # Nothing refused: past the burst, requests wait in the proxy and reach the app in turn,
    # a client on many connections is slowed down to the rate instead of looping on 429s.
    assert [answer[0] for answer in answers] == [404] * (BURST + 1 + 2)
    assert max(answer[3] for answer in answers) >= 2 / RATE * 0.8


def test_the_platforms_own_domain_is_not_limited_by_the_proxy(proxy):
    statuses = [send(proxy, settings.TENANT_BASE_DOMAIN)[0] for _ in range((BURST + 1) * 4)]
    assert set(statuses) == {200}


def test_a_body_over_the_cap_is_refused_413_in_json_by_the_proxy(proxy):
    body = b"x" * (3 * 1024 * 1024 + 1)
    status, headers, answer = send(
        proxy, organization_host("uploading"), "POST", "/api/v1/projects/", body
    )
    assert status == 413
    assert headers["Content-Type"].startswith("application/json")
    assert json.loads(answer)["code"] == "request_too_large"
    assert not answered_by_the_app(headers)  # Django would say 413 too, after reading it


def test_an_upstream_that_does_not_answer_gives_json_503_with_retry_after(nginx):
    with proxy_in_front_of(f"127.0.0.1:{free_port()}") as front:  # nothing listens there
        status, headers, body = send(front.port, settings.TENANT_BASE_DOMAIN)
    assert status == 503
    assert headers["Retry-After"]
    assert json.loads(body)["code"] == "service_unavailable"


# Per organization (tenants/services/proxy_limits.py): a second's worth passes, two wait.
SLOW_PER_MINUTE = 60  # 1 a second: 1 undelayed past it, 2 held at most, then 429


def refused_by_the_proxy(answers) -> int:
    return sum(1 for status, headers, _, _ in answers if status == 429)


def test_a_host_is_held_to_its_own_organizations_rate_below_the_ceiling(upstream, tmp_path):
    slow, unlisted = organization_host("on-a-small-plan"), organization_host("not-listed-yet")
    (tmp_path / LIMITS_FILE).write_text(proxy_limits_config({slow: SLOW_PER_MINUTE}))
    count = QUEUE  # all within the ceiling's queue

    with proxy_in_front_of(f"127.0.0.1:{upstream}", tmp_path) as front:
        held = at_once(front.port, slow, count)
        ceiling_only = at_once(front.port, unlisted, count)

    assert 0 < refused_by_the_proxy(held) <= count - 3  # at least 1 + 2 held get through
    assert not any(answered_by_the_app(headers) for status, headers, _, _ in held if status == 429)
    assert refused_by_the_proxy(ceiling_only) == 0  # a host not in the file: the ceiling only


def test_a_reload_takes_changed_limits_without_a_restart(upstream, tmp_path):
    host = organization_host("plan-lowered")
    with proxy_in_front_of(f"127.0.0.1:{upstream}", tmp_path) as front:
        before = at_once(front.port, host, QUEUE)
        (tmp_path / LIMITS_FILE).write_text(proxy_limits_config({host: SLOW_PER_MINUTE}))
        front.reload()
        after = at_once(front.port, host, QUEUE)

    assert refused_by_the_proxy(before) == 0
    assert refused_by_the_proxy(after) > 0


def test_the_limits_of_ten_thousand_organizations_load_and_apply(upstream, tmp_path):
    rates = {organization_host(f"organization-{number}"): 600 for number in range(10_000)}
    rates[organization_host("the-last-one")] = SLOW_PER_MINUTE
    (tmp_path / LIMITS_FILE).write_text(proxy_limits_config(rates))

    with proxy_in_front_of(f"127.0.0.1:{upstream}", tmp_path) as front:
        assert send(front.port, organization_host("organization-9999"))[0] == 404
        answers = at_once(front.port, organization_host("the-last-one"), QUEUE)

    assert refused_by_the_proxy(answers) > 0


@pytest.fixture
def echo_upstream():
    """An upstream that answers each request with the headers it was sent, as JSON."""

    class Echo(BaseHTTPRequestHandler):
        def do_GET(self):
            body = json.dumps(dict(self.headers)).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Echo)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_each_request_is_stamped_with_when_the_proxy_passed_it_on(echo_upstream):
    before = time.time()
    with proxy_in_front_of(echo_upstream) as front:
        status, _, body = send(front.port, organization_host("stamped"))
    after = time.time()

    assert status == 200
    stamp = json.loads(body)["X-Request-Start"]
    # nginx's $msec: what the app's busy rule reads (TRUSTED_PROXY_REQUEST_START).
    assert stamp.startswith("t=")
    assert before - 0.01 <= float(stamp[2:]) <= after + 0.01
