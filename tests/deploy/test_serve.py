"""The production entrypoint, run as a platform team runs it (no Docker): the release step on
a fresh database, then `make serve`'s command, gunicorn with core.settings.production on a
free port, driven over HTTP (tests/fixtures/deployment.py)."""

import json
import re
import shutil
import subprocess

import pytest

from tests.fixtures.deployment import (
    ADMIN_EMAIL,
    BASE_DOMAIN,
    REPOSITORY,
    SERVE,
    database_connections_allowed,
    manage,
    production_environment,
)

pytestmark = pytest.mark.deploy

SLUG = "deployco"
ORGANIZATION_HOST = f"{SLUG}.{BASE_DOMAIN}"
REQUIRED = ["SECRET_KEY", "DATABASE_URL", "TENANT_BASE_DOMAIN"]


def serve_exits(environment: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        SERVE, env=environment, cwd=REPOSITORY, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize("variable", REQUIRED)
def test_serve_refuses_to_start_without_each_required_variable(variable, tmp_path):
    environment = production_environment(
        DATABASE_URL="postgres://127.0.0.1:1/nowhere", STATIC_ROOT=str(tmp_path)
    )
    del environment[variable]
    result = serve_exits(environment)
    assert result.returncode != 0
    assert variable in result.stderr
    assert "Traceback" not in result.stderr  # a sentence, not a stack


def test_serve_names_every_missing_variable_at_once():
    environment = production_environment()
    for variable in REQUIRED:
        environment.pop(variable, None)
    result = serve_exits(environment)
    assert result.returncode != 0
    assert all(variable in result.stderr for variable in REQUIRED)


def test_serve_refuses_a_secret_key_that_is_not_random_enough(tmp_path):
    environment = production_environment(
        DATABASE_URL="postgres://127.0.0.1:1/nowhere", SECRET_KEY="dev-short"
    )
    result = serve_exits(environment)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_refuses_to_start_before_the_release_step_collected_the_static_files(tmp_path):
    environment = production_environment(
        DATABASE_URL="postgres://127.0.0.1:1/nowhere", STATIC_ROOT=str(tmp_path / "empty")
    )
    result = serve_exits(environment)
    assert result.returncode != 0
    assert "release" in result.stderr


def test_make_serve_and_make_release_run_these_commands():
    make = shutil.which("make")
    assert make, "the README's commands need make"

    def dry_run(target: str) -> str:
        return subprocess.run(
            [make, "-n", target], cwd=REPOSITORY, capture_output=True, text=True, check=True
        ).stdout

    assert re.search(r"bin/python -m core\.serve$", dry_run("serve"), re.MULTILINE)
    assert re.search(
        r"DJANGO_SETTINGS_MODULE=core\.settings\.production .*bin/python manage\.py release$",
        dry_run("release"),
        re.MULTILINE,
    )


def test_the_release_step_fails_with_a_non_zero_exit_when_the_database_is_unreachable(
    tmp_path,
):
    result = manage(
        "release",
        environment=production_environment(
            DATABASE_URL="postgres://postgres@127.0.0.1:1/nowhere", STATIC_ROOT=str(tmp_path)
        ),
    )
    assert result.returncode != 0
    assert not (tmp_path / "staticfiles.json").exists()  # migrations come first


def test_the_release_step_can_run_again_and_logs_its_run_as_a_json_line(deployment):
    result = manage("release", environment=deployment.environment)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    (run,) = [line for line in lines if line.get("event") == "command"]
    assert run["command"] == "release"
    assert run["status"] == 0
    assert re.fullmatch(r"[0-9a-f]{32}", run["request_id"])
    assert run["duration_ms"] > 0


def test_the_platform_health_answers(deployment):
    answer = deployment.request("GET", "/api/v1/health/")
    assert answer.status == 200
    assert answer.json() == {"status": "ok", "organization": None}


def test_serve_created_no_demo_data(deployment):
    assert deployment.sql("SELECT email FROM accounts_user") == [(ADMIN_EMAIL,)]
    assert deployment.sql("SELECT slug FROM tenants_organization WHERE slug = 'acme'") == []


@pytest.fixture(scope="module")
def organization(deployment):
    """The platform admin logs in and provisions an organization it owns; returns the token."""
    token = deployment.login()
    answer = deployment.request(
        "POST",
        "/api/v1/platform/organizations/",
        token=token,
        body={"name": "Deploy Co", "slug": SLUG, "owner_email": ADMIN_EMAIL},
    )
    assert answer.status == 201, answer.body
    return token


def test_a_platform_admin_provisions_an_organization_that_is_then_served(deployment, organization):
    answer = deployment.request("GET", "/api/v1/health/", host=ORGANIZATION_HOST)
    assert answer.status == 200
    assert answer.json()["organization"] == {"name": "Deploy Co", "slug": SLUG}
    projects = deployment.request(
        "GET", "/api/v1/projects/", host=ORGANIZATION_HOST, token=organization
    )
    assert projects.status == 200, projects.body


def stylesheets(page: bytes) -> list[str]:
    return re.findall(r'<link rel="stylesheet" href="([^"]+\.css)"', page.decode())


def test_the_admin_login_page_is_served_with_its_styles_compressed_and_cache_busted(deployment):
    page = deployment.request("GET", "/admin/login/", headers={"Accept": "text/html"})
    assert page.status == 200
    base_css = next(url for url in stylesheets(page.body) if "/admin/css/base" in url)
    # The manifest's name carries a hash of the content: a new release is a new URL.
    assert re.fullmatch(r"/static/admin/css/base\.[0-9a-f]{12}\.css", base_css)

    css = deployment.request(
        "GET", base_css, headers={"Accept": "text/css", "Accept-Encoding": "gzip"}
    )
    assert css.status == 200
    assert css.headers["Content-Type"].startswith("text/css")
    assert css.headers["Content-Encoding"] == "gzip"
    assert "immutable" in css.headers["Cache-Control"]

    plain = deployment.request("GET", base_css, headers={"Accept": "text/css"})
    assert b"body" in plain.body


def test_the_swagger_page_is_served_with_the_sidecars_assets(deployment):
    page = deployment.request("GET", "/api/docs/", headers={"Accept": "text/html"})
    assert page.status == 200
    assets = re.findall(r'"(/static/drf_spectacular_sidecar/[^"]+)"', page.body.decode())
    assert assets
    for asset in assets:
        answer = deployment.request("GET", asset, headers={"Accept": "*/*"})
        assert answer.status == 200, asset


def test_an_unknown_path_is_a_json_404(deployment):
    answer = deployment.request("GET", "/no/such/page/", headers={"Accept": "text/html"})
    assert answer.status == 404
    assert answer.headers["Content-Type"] == "application/json"
    assert answer.json()["code"] == "not_found"


def test_an_unknown_host_is_a_json_404(deployment):
    answer = deployment.request("GET", "/api/v1/health/", host=f"nobody.{BASE_DOMAIN}")
    assert answer.status == 404
    assert answer.json()["code"] == "unknown_host"


def test_a_server_fault_is_a_json_500_logged_with_its_traceback(deployment, organization):
    """A real fault of the running code, with no route made for it: the organization's
    projects table is renamed away under the server, then back."""
    table = f"org_{SLUG}.projects_project"
    deployment.sql(f"ALTER TABLE {table} RENAME TO projects_project_away")
    try:
        answer = deployment.request(
            "GET",
            "/api/v1/projects/",
            host=ORGANIZATION_HOST,
            token=organization,
            headers={"X-Request-ID": "deploy-fault-1"},
        )
    finally:
        deployment.sql(f"ALTER TABLE org_{SLUG}.projects_project_away RENAME TO projects_project")
    assert answer.status == 500
    assert answer.headers["Content-Type"] == "application/json"
    assert answer.json() == {"detail": "Internal server error.", "code": "server_error"}
    error, request = deployment.logged("deploy-fault-1")
    assert error["level"] == "error"
    assert "UndefinedTable" in error["traceback"]
    assert error["organization"] == request["organization"] == SLUG
    assert request["status"] == 500
    again = deployment.request(
        "GET", "/api/v1/projects/", host=ORGANIZATION_HOST, token=organization
    )
    assert again.status == 200


def test_an_unreachable_database_is_a_json_503_to_retry(deployment):
    database_connections_allowed(deployment.database, allowed=False)
    try:
        answer = deployment.request(
            "POST", "/api/v1/auth/token/", body={"email": ADMIN_EMAIL, "password": "whatever"}
        )
    finally:
        database_connections_allowed(deployment.database, allowed=True)
    assert answer.status == 503
    assert answer.json()["code"] == "database_unavailable"
    assert answer.headers["Retry-After"]
    assert deployment.login()  # connections come back by themselves


def test_the_server_runs_the_production_settings(deployment):
    # DEBUG off and JSON only: the browsable API's HTML is a development feature.
    answer = deployment.request("GET", "/api/v1/health/", headers={"Accept": "text/html"})
    assert answer.headers["Content-Type"] == "application/json"


def test_every_line_the_server_wrote_is_json_and_it_booted_the_workers_asked_for(deployment):
    lines = deployment.log_lines()
    booted = [line for line in lines if line["message"].startswith("Booting worker")]
    assert len(booted) == int(deployment.environment["WEB_CONCURRENCY"])
    assert all(line["logger"] == "gunicorn.error" for line in booted)


def test_each_request_is_one_json_line_with_the_proxys_request_id(deployment, organization):
    answer = deployment.request(
        "GET", "/api/v1/members/", host=ORGANIZATION_HOST, token=organization,
        headers={"X-Request-ID": "deploy-members-1"},
    )  # fmt: skip
    assert answer.status == 200
    assert answer.headers["X-Request-ID"] == "deploy-members-1"
    (line,) = deployment.logged("deploy-members-1")
    [(admin_id,)] = deployment.sql("SELECT id FROM accounts_user WHERE email = %s", ADMIN_EMAIL)
    assert line["event"] == "request"
    assert line["method"] == "GET"
    assert line["path"] == "/api/v1/members/"
    assert line["status"] == 200
    assert line["organization"] == SLUG
    assert line["user_id"] == admin_id
    assert 0 < line["duration_ms"] < 30_000


def test_a_request_without_an_id_gets_one_and_its_line(deployment):
    answer = deployment.request("GET", "/static/admin/css/nowhere.css")
    request_id = answer.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    (line,) = deployment.logged(request_id)
    assert line["status"] == answer.status == 404
