"""Host -> organization routing: the first middleware of every request.

The root domain (TENANT_BASE_DOMAIN and PLATFORM_EXTRA_HOSTS) serves the platform from
`public`; an active organization's domain serves its schema with the tenant URLconf; any
other host gets a JSON 404 and never the platform site (docs/architecture.md trap 1).
"""

from http import HTTPStatus

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.request import split_domain_port
from django.urls import set_urlconf

from tenants.models import OrganizationStatus
from tenants.names import MAX_HOSTNAME_LENGTH
from tenants.rollout.state import schema_serves_this_code
from tenants.routing.cache import host_cache

MIGRATING_RETRY_AFTER_SECONDS = 30


def error_response(status: HTTPStatus, code: str, detail: str) -> JsonResponse:
    return JsonResponse({"detail": detail, "code": code}, status=status)


def hostname_of(request: HttpRequest) -> str | None:
    """The request's hostname, lower-cased, without port or final dot; None if malformed."""
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    # Django drops one final dot (the DNS root); another one would end in an empty label.
    domain, _port = split_domain_port(host)
    if not domain or domain.endswith(".") or len(domain) > MAX_HOSTNAME_LENGTH:
        return None
    return domain


def platform_hostnames() -> set[str]:
    return {settings.TENANT_BASE_DOMAIN, *getattr(settings, "PLATFORM_EXTRA_HOSTS", ())}


class OrganizationRoutingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        connection.set_schema_to_public()
        try:
            refusal = self.route(request)
            return refusal or self.get_response(request)
        finally:
            # Whatever happened, the next user of this connection starts on public.
            connection.set_schema_to_public()
            set_urlconf(None)

    def route(self, request: HttpRequest) -> HttpResponse | None:
        # `request.organization` is ours (None on the root domain); `request.tenant` is what
        # django-tenants' helpers expect.
        request.organization = request.tenant = None
        hostname = hostname_of(request)
        if hostname is None:
            return error_response(
                HTTPStatus.BAD_REQUEST, "invalid_host", "The Host header is not valid."
            )
        if hostname in platform_hostnames():
            # django-tenants' admin templates read request.tenant.schema_name.
            request.tenant = connection.tenant
            request.urlconf = settings.PUBLIC_SCHEMA_URLCONF
            set_urlconf(request.urlconf)
            return None

        organization = host_cache.resolve(hostname)
        if organization is None or organization.status == OrganizationStatus.ARCHIVED:
            return error_response(
                HTTPStatus.NOT_FOUND, "unknown_host", "No organization is served at this address."
            )
        if organization.status == OrganizationStatus.SUSPENDED:
            return error_response(
                HTTPStatus.FORBIDDEN,
                "organization_suspended",
                "This organization is suspended; its data is kept. "
                "Contact the platform administrators to reactivate it.",
            )

        if not schema_serves_this_code(organization.migration_digest):
            response = error_response(
                HTTPStatus.SERVICE_UNAVAILABLE,
                "organization_migrating",
                "This organization's data is being upgraded; try again shortly.",
            )
            response["Retry-After"] = str(MIGRATING_RETRY_AFTER_SECONDS)
            return response

        request.organization = request.tenant = organization
        connection.set_tenant(organization)
        request.urlconf = settings.ROOT_URLCONF
        set_urlconf(request.urlconf)
        return None
