"""IsPlatformAdmin asked directly, on the cases no platform route can produce (platform URLs
exist only on the root domain): an anonymous caller on an organization's domain."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from rest_framework.exceptions import NotFound

from tenants.api.permissions import IsPlatformAdmin

pytestmark = pytest.mark.django_db


def request_for(user, organization):
    request = RequestFactory().get("/")
    request.user, request.organization = user, organization
    return request


def test_an_anonymous_caller_is_refused_as_unauthenticated_on_any_domain(tenant):
    for organization in (None, tenant):
        assert (
            IsPlatformAdmin().has_permission(request_for(AnonymousUser(), organization), None)
            is False
        )


def test_staff_on_an_organizations_domain_get_404(platform_admin, tenant):
    with pytest.raises(NotFound):
        IsPlatformAdmin().has_permission(request_for(platform_admin, tenant), None)
    assert IsPlatformAdmin().has_permission(request_for(platform_admin, None), None) is True
