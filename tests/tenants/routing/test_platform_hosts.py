"""The platform answers on the root domain and on every PLATFORM_EXTRA_HOSTS name, and on the
root domain alone when that setting is absent (tenants/routing/middleware.py)."""

from http import HTTPStatus

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db
HEALTH = "/api/v1/health/"


def test_an_extra_platform_host_serves_the_platform(settings):
    settings.PLATFORM_EXTRA_HOSTS = ["platform.example.com"]
    response = APIClient(HTTP_HOST="platform.example.com").get(HEALTH)
    assert response.status_code == HTTPStatus.OK


def test_without_extra_hosts_the_root_domain_still_serves_the_platform(settings, root_host):
    del settings.PLATFORM_EXTRA_HOSTS
    assert APIClient(HTTP_HOST=root_host).get(HEALTH).status_code == HTTPStatus.OK
    unknown = APIClient(HTTP_HOST="platform.example.com").get(HEALTH)
    assert unknown.status_code == HTTPStatus.NOT_FOUND
