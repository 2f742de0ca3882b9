"""The compose stack's front proxy (docker-compose.yml, service `proxy`) runs the template
the proxy tests run (deploy/nginx), with every value it needs, in front of the web service,
which is reached only through it."""

from pathlib import Path

import yaml

from core.dev.nginx import TEMPLATE, placeholders

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
