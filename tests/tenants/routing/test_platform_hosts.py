"""The platform answers on the root domain and on every PLATFORM_EXTRA_HOSTS name, and on the
root domain alone when that setting is absent; a Host of exactly the longest hostname is
looked up, one character more is refused (tenants/routing/middleware.py)."""

from http import HTTPStatus

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse
from rest_framework.test import APIClient

from tenants.names import MAX_HOSTNAME_LENGTH
from tenants.routing.middleware import OrganizationRoutingMiddleware

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


def test_a_hostname_of_exactly_the_maximum_length_is_looked_up_not_refused():
    labels = ["a" * 63, "b" * 63, "c" * 63]
    host = ".".join([*labels, "d" * (MAX_HOSTNAME_LENGTH - 3 * 64)])
    assert len(host) == MAX_HOSTNAME_LENGTH
    response = APIClient(HTTP_HOST=host).get(HEALTH)
    assert (response.status_code, response.json()["code"]) == (HTTPStatus.NOT_FOUND, "unknown_host")
    too_long = APIClient(HTTP_HOST=f"e{host}").get(HEALTH)
    assert too_long.status_code == HTTPStatus.BAD_REQUEST


def test_what_runs_after_the_routing_reverses_urls_in_the_domains_urlconf(root_host, tenant_host):
    """The middlewares after the routing, before Django resolves the view, name URLs in the
    URLconf of the request's domain: the platform's admin only on the root domain."""
    reversed_admin = []

    def next_in_line(request):
        try:
            reversed_admin.append(reverse("admin:index"))
        except NoReverseMatch:
            reversed_admin.append(None)
        return HttpResponse()

    routing = OrganizationRoutingMiddleware(next_in_line)
    for host in (root_host, tenant_host):
        routing(RequestFactory().get(HEALTH, HTTP_HOST=host))

    assert reversed_admin == ["/admin/", None]
