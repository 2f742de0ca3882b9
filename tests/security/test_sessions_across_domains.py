"""A session made on one organization's domain opens nothing on another's."""

from http import HTTPStatus

import pytest
from django.test import Client

from tests.fixtures.routes import OPEN_TO_NON_MEMBERS, routes_of
from tests.fixtures.users import PASSWORD

pytestmark = pytest.mark.django_db


def test_session_cookies_are_host_only(settings):
    assert settings.SESSION_COOKIE_DOMAIN is None
    assert settings.CSRF_COOKIE_DOMAIN is None


def test_a_session_from_one_organization_gets_404_on_another(
    tenant_member, tenant_host, second_tenant_host
):
    client = Client(HTTP_HOST=tenant_host)
    response = client.post(
        "/api/v1/auth/session/login/", {"username": tenant_member.email, "password": PASSWORD}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert client.get("/api/v1/members/", HTTP_HOST=tenant_host).status_code == HTTPStatus.OK

    # The same cookie presented to another organization's domain (a browser would not
    # send it there; a stolen one might be).
    member_only = [
        route
        for route in routes_of("core.urls_tenant", lambda converter, name: "1")
        if route.name not in OPEN_TO_NON_MEMBERS
    ]
    for route in member_only:
        response = client.get(route.path, HTTP_HOST=second_tenant_host)
        assert response.status_code == HTTPStatus.NOT_FOUND, route
