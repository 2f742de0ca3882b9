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


@pytest.mark.parametrize("on_tenant", [True, False])
def test_the_session_logout_ends_the_session_and_returns_to_the_login_page(
    on_tenant, tenant_member, tenant_host, root_host
):
    # Django's logout page links to the admin, which organization domains do not serve:
    # ending a session there answered 500.
    client = Client(HTTP_HOST=tenant_host if on_tenant else root_host)
    client.force_login(tenant_member)

    response = client.post("/api/v1/auth/session/logout/")

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == LOGIN_URL
    assert "_auth_user_id" not in client.session
