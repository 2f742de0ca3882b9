"""The compose stack's front proxy (docker-compose.yml, service `proxy`) runs the template
the proxy tests run (deploy/nginx), with every value it needs, in front of the web service,
which is reached only through it."""

from pathlib import Path

import yaml

from core.dev.nginx import TEMPLATE, WATCHER, placeholders

COMPOSE = Path(__file__).resolve().parents[2] / "docker-compose.yml"


def services() -> dict:
    return yaml.safe_load(COMPOSE.read_text())["services"]


def test_the_proxy_renders_the_template_in_place_of_the_images_default_server():
    mounts = services()["proxy"]["volumes"]
    # The image renders /etc/nginx/templates/X.template to /etc/nginx/conf.d/X: the name
    # default.conf replaces the image's own default server, which would answer `localhost`.
    target = "/etc/nginx/templates/default.conf.template"
    assert f"./{TEMPLATE.relative_to(COMPOSE.parent)}:{target}:ro" in mounts


def test_the_proxy_is_given_every_value_the_template_names():
    environment = services()["proxy"]["environment"]
    assert placeholders() <= set(environment), placeholders() - set(environment)
    assert environment["TENANTRY_UPSTREAM"] == "web:8000"


def test_the_web_service_is_reached_through_the_proxy_only():
    stack = services()
    assert "ports" not in stack["web"]
    assert stack["proxy"]["ports"] == ["8000:80"]
    # The proxy adds one X-Forwarded-For entry and sets X-Request-ID on every request.
    assert stack["web"]["environment"]["TRUSTED_PROXY_COUNT"] == "1"
    assert stack["web"]["environment"]["TRUSTED_PROXY_REQUEST_ID"] == "1"
    # It stamps each request as it passes it on: the busy rule of fair share reads it.
    assert stack["web"]["environment"]["TRUSTED_PROXY_REQUEST_START"] == "1"


def named_volume_target(service: dict, volume: str) -> str:
    (mount,) = [entry for entry in service["volumes"] if entry.split(":")[0] == volume]
    return mount.split(":")[1]


def test_the_proxy_reads_the_limits_that_the_limits_service_keeps_current():
    stack = services()
    writer, proxy = stack["proxy-limits"], stack["proxy"]
    written_to = named_volume_target(writer, "proxy-limits")
    # The command `make proxy-limits` runs, into the volume the proxy includes from.
    assert writer["command"] == [
        "python", "manage.py", "proxy_limits", written_to, "--every", "10",
    ]  # fmt: skip
    assert proxy["environment"]["PROXY_LIMITS_DIR"] == named_volume_target(proxy, "proxy-limits")
    assert "proxy-limits" in yaml.safe_load(COMPOSE.read_text())["volumes"]
    # The writer mounts the volume first, so it takes the image's folder and its owner (the
    # app's user); mounted first by the proxy, it would be root's, and the writer refused.
    assert "proxy-limits" in proxy["depends_on"]


def test_the_proxy_reloads_itself_when_the_limits_change():
    mounts = services()["proxy"]["volumes"]
    # The image's entrypoint runs /docker-entrypoint.d/*.sh before it starts nginx.
    hook = f"./{WATCHER.relative_to(COMPOSE.parent)}:/docker-entrypoint.d/90-{WATCHER.name}:ro"
    assert hook in mounts
