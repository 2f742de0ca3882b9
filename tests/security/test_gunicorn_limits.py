"""gunicorn's own limits, from the config every gunicorn here starts with (core/gunicorn.py):
a request line, a header count or a header size past them is refused by gunicorn itself,
before a worker thread hands it to Django."""

import socket

import pytest
from django.conf import settings

from bench.common import free_port, start_gunicorn
from core import gunicorn as config


@pytest.fixture(scope="module")
def server():
    port = free_port()
    process = start_gunicorn(port=port)
    yield port
    process.terminate()
    process.wait(timeout=10)


def status_of(port: int, request: bytes) -> int:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
        connection.sendall(request)
        answer = connection.recv(200)
    return int(answer.split()[1])


def get(path: str, headers: list[str]) -> bytes:
    host = f"Host: {settings.TENANT_BASE_DOMAIN}"  # the platform's health reads no database
    lines = [f"GET {path} HTTP/1.1", host, *headers, "Connection: close"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def test_the_config_sets_limits_tighter_than_gunicorns_defaults():
    assert config.limit_request_line <= 4094
    assert config.limit_request_fields <= 50
    assert config.limit_request_field_size <= 8190


def test_an_ordinary_request_passes(server):
    assert status_of(server, get("/api/v1/health/", ["Accept: application/json"])) == 200


def test_a_request_line_over_the_limit_is_refused(server):
    path = "/api/v1/health/?q=" + "x" * config.limit_request_line
    assert status_of(server, get(path, [])) in {400, 414}


def test_more_header_fields_than_the_limit_are_refused(server):
    headers = [f"X-Filler-{n}: 1" for n in range(config.limit_request_fields + 1)]
    assert status_of(server, get("/api/v1/health/", headers)) in {400, 431}


def test_a_header_field_over_the_size_limit_is_refused(server):
    header = "Cookie: a=" + "x" * config.limit_request_field_size
    assert status_of(server, get("/api/v1/health/", [header])) in {400, 431}
