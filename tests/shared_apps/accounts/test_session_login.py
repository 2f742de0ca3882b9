from http import HTTPStatus

import pytest
from django.test import Client

from tests.fixtures.users import PASSWORD

pytestmark = pytest.mark.django_db
LOGIN_URL = "/api/v1/auth/session/login/"


def test_the_browsable_api_has_a_session_login_on_organization_domains(tenant_member, tenant_host):
    client = Client(HTTP_HOST=tenant_host)
    assert client.get(LOGIN_URL).status_code == HTTPStatus.OK

    response = client.post(
        LOGIN_URL,
        {"username": tenant_member.email, "password": PASSWORD, "next": "/api/v1/members/"},
    )

    assert response.status_code == HTTPStatus.FOUND
    members = client.get("/api/v1/members/", HTTP_ACCEPT="text/html")
    assert members.status_code == HTTPStatus.OK
    assert tenant_member.email in members.content.decode()
