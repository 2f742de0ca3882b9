"""The baseline of the throughput benchmark: the same API, with the tenant fixed at start-up
instead of routed by host (bench.settings_fixed uses this instead of the routing middleware)."""

import os

from django.conf import settings
from django.db import connection
from django.urls import set_urlconf

from tenants.models import Organization


class FixedSchemaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.organization = Organization.objects.get(slug=os.environ["BENCH_FIXED_SLUG"])

    def __call__(self, request):
        request.organization = request.tenant = self.organization
        connection.set_tenant(self.organization)
        request.urlconf = settings.ROOT_URLCONF
        set_urlconf(request.urlconf)
        return self.get_response(request)
