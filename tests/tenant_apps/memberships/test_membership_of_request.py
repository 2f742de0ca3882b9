"""`membership_of_request` looks the caller's membership up once per request, whether it is
asked with DRF's request or with the Django request inside it."""

import pytest
from django.test import RequestFactory
from rest_framework.request import Request

from tenant_apps.memberships.selectors import membership_of_request

pytestmark = pytest.mark.django_db


def django_request_of(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_drf_and_django_requests_share_one_lookup(tenant_member, tenant, django_assert_num_queries):
    django_request = django_request_of(tenant_member)
    drf_request = Request(django_request)
    drf_request.user = tenant_member
    with tenant, django_assert_num_queries(1):
        membership = membership_of_request(drf_request)
        assert membership_of_request(django_request) is membership
    assert membership.user_id == tenant_member.pk


def test_a_plain_django_request_is_looked_up_once(tenant_member, tenant, django_assert_num_queries):
    request = django_request_of(tenant_member)
    with tenant, django_assert_num_queries(1):
        membership = membership_of_request(request)
        assert membership_of_request(request) is membership
    assert membership.user_id == tenant_member.pk
