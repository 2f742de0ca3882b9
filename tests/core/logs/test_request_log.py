"""One JSON line per request (core/logs/requests.py): its request id (echoed in X-Request-ID),
the organization, the user, method, path, status and duration; an error adds a line in the
same shape with its traceback."""

import re

import pytest
from django.test import Client

from tests.fixtures.urls import PROJECTS_URL
from tests.fixtures.urls_failing import FAILING_PATH, UNAVAILABLE_PATH

GENERATED = re.compile(r"[0-9a-f]{32}")
HEALTH = "/api/v1/health/"


def lines_of(json_log, request_id: str) -> list[dict]:
    return [line for line in json_log() if line["request_id"] == request_id]


def request_line(json_log, response) -> dict:
    (line,) = [
        line
        for line in lines_of(json_log, response["X-Request-ID"])
        if line.get("event") == "request"
    ]
    return line


def test_a_request_is_one_line_with_a_new_request_id_echoed_back(client_for, root_host, json_log):
    response = client_for(root_host).get(HEALTH)

    assert GENERATED.fullmatch(response["X-Request-ID"])
    line = request_line(json_log, response)
    assert line["logger"] == "tenantry.request"
    assert line["level"] == "info"
    assert line["method"] == "GET"
    assert line["path"] == HEALTH
    assert line["status"] == 200
    assert line["organization"] is None  # the root domain serves no organization
    assert line["user_id"] is None
    assert isinstance(line["duration_ms"], float)
    assert line["duration_ms"] >= 0


def test_every_request_gets_its_own_id(client_for, root_host):
    client = client_for(root_host)
    assert client.get(HEALTH)["X-Request-ID"] != client.get(HEALTH)["X-Request-ID"]


def test_on_an_organization_domain_the_line_names_the_organization_and_the_user(
    tenant, tenant_member, tenant_client, json_log
):
    response = tenant_client(tenant_member).get(PROJECTS_URL, {"search": "secret"})

    line = request_line(json_log, response)
    assert line["organization"] == tenant.slug
    assert line["user_id"] == tenant_member.pk
    assert line["path"] == PROJECTS_URL  # the query string stays out of the logs
    assert line["status"] == 200


def test_refusals_are_logged_with_their_status(tenant_client, json_log):
    response = tenant_client().get(PROJECTS_URL)
    assert response.status_code == 401
    assert request_line(json_log, response)["status"] == 401


def test_a_session_no_view_read_costs_no_query_and_names_no_user(
    client, root_host, platform_admin, json_log, django_assert_num_queries
):
    client.force_login(platform_admin)
    with django_assert_num_queries(0):
        response = client.get(HEALTH, HTTP_HOST=root_host)
    assert request_line(json_log, response)["user_id"] is None


def test_a_session_the_view_read_names_its_user(client, root_host, platform_admin, json_log):
    client.force_login(platform_admin)
    response = client.get("/api/v1/me/", HTTP_HOST=root_host)
    assert response.status_code == 200
    assert request_line(json_log, response)["user_id"] == platform_admin.pk


def test_a_trusted_proxys_request_id_is_kept_and_echoed(client_for, root_host, settings, json_log):
    settings.TRUSTED_PROXY_REQUEST_ID = True
    response = client_for(root_host).get(HEALTH, HTTP_X_REQUEST_ID="edge-7f3a:1")
    assert response["X-Request-ID"] == "edge-7f3a:1"
    assert request_line(json_log, response)["request_id"] == "edge-7f3a:1"


def test_without_trust_a_clients_request_id_is_replaced(client_for, root_host, settings):
    settings.TRUSTED_PROXY_REQUEST_ID = False
    response = client_for(root_host).get(HEALTH, HTTP_X_REQUEST_ID="chosen-by-client")
    assert GENERATED.fullmatch(response["X-Request-ID"])


@pytest.mark.parametrize(
    "sent",
    ["", "x" * 129, "two words", "line\r\nX-Injected: 1", "caf\u00e9", "<script>"],
)
def test_a_request_id_that_is_not_a_plain_token_is_replaced_even_from_a_trusted_proxy(
    sent, client_for, root_host, settings
):
    settings.TRUSTED_PROXY_REQUEST_ID = True
    response = client_for(root_host).get(HEALTH, HTTP_X_REQUEST_ID=sent)
    assert response.status_code == 200
    assert GENERATED.fullmatch(response["X-Request-ID"])


def test_an_error_is_a_json_500_and_a_line_with_its_traceback_in_the_same_shape(
    root_host, settings, json_log
):
    settings.PUBLIC_SCHEMA_URLCONF = "tests.fixtures.urls_failing"
    response = Client(raise_request_exception=False).get(FAILING_PATH, HTTP_HOST=root_host)

    assert response.status_code == 500
    assert response.json() == {"detail": "Internal server error.", "code": "server_error"}
    error, request = lines_of(json_log, response["X-Request-ID"])
    assert error["level"] == "error"
    assert error["logger"] == "django.request"
    assert "RuntimeError: a bug in a view" in error["traceback"]
    assert request["event"] == "request"
    for field in ("request_id", "organization", "user_id", "method", "path", "status"):
        assert error[field] == request[field], field
    assert error["status"] == 500
    assert error["path"] == FAILING_PATH


def test_a_client_error_is_only_the_request_line(client_for, root_host, json_log):
    response = client_for(root_host).get("/no/such/page/")
    assert response.status_code == 404
    assert [line["event"] for line in lines_of(json_log, response["X-Request-ID"])] == ["request"]


def test_a_server_error_answered_without_an_exception_is_one_line_at_error_level(
    root_host, settings, json_log
):
    # Django would log it again once the middleware returned, outside the request's context.
    settings.PUBLIC_SCHEMA_URLCONF = "tests.fixtures.urls_failing"
    response = Client().get(UNAVAILABLE_PATH, HTTP_HOST=root_host)

    assert response.status_code == 503
    (line,) = json_log()
    assert line["request_id"] == response["X-Request-ID"]
    assert line["level"] == "error"
    assert line["status"] == 503
