import re
from http import HTTPStatus
from io import StringIO

import pytest
import yaml
from django.core.management import call_command
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def paths_of(response) -> set[str]:
    assert response.status_code == HTTPStatus.OK, response.content[:300]
    return set(yaml.safe_load(response.content)["paths"])


def test_the_root_domain_documents_only_the_platform_api(root_host):
    paths = paths_of(APIClient(HTTP_HOST=root_host).get("/api/v1/schema/"))
    assert "/api/v1/platform/organizations/" in paths
    assert "/api/v1/projects/" not in paths


def test_an_organization_domain_documents_only_the_tenant_api(tenant_member, tenant_client):
    paths = paths_of(tenant_client(tenant_member).get("/api/v1/schema/"))
    assert "/api/v1/projects/" in paths
    assert "/api/v1/members/" in paths
    assert not any(path.startswith("/api/v1/platform/") for path in paths)


def test_swagger_ui_is_served_from_the_sidecar_without_a_cdn(
    root_host, tenant_member, tenant_client
):
    for client in (APIClient(HTTP_HOST=root_host), tenant_client(tenant_member)):
        response = client.get("/api/docs/")
        assert response.status_code == HTTPStatus.OK
        page = response.content.decode()
        assert "swagger-ui" in page
        # Every asset comes from this server (the page also holds a random CSRF token, so a
        # substring search over the whole page would be flaky).
        assets = re.findall(r'(?:src|href)\s*=\s*["\']([^"\']+)', page)
        assert any("drf_spectacular_sidecar" in url for url in assets)
        assert all(url.startswith("/") and not url.startswith("//") for url in assets), assets
        assert not re.search(r"cdn|unpkg|jsdelivr", " ".join(assets), re.IGNORECASE)


@pytest.mark.parametrize("urlconf", ["core.urls_public", "core.urls_tenant"])
def test_the_schema_generates_without_warnings(urlconf):
    out = StringIO()
    call_command("spectacular", "--urlconf", urlconf, "--fail-on-warn", "--validate", stdout=out)
    assert "openapi" in out.getvalue()


def test_health_documents_that_the_root_domain_has_no_organization(root_host):
    # Found by the schema fuzzer (make fuzz): the platform's health answered null where the
    # schema promised an object.
    schema = yaml.safe_load(APIClient(HTTP_HOST=root_host).get("/api/v1/schema/").content)
    response = schema["paths"]["/api/v1/health/"]["get"]["responses"]["200"]
    reference = response["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    organization = schema["components"]["schemas"][reference]["properties"]["organization"]
    assert organization.get("nullable") is True
    body = APIClient(HTTP_HOST=root_host).get("/api/v1/health/").json()
    assert body == {"status": "ok", "organization": None}
