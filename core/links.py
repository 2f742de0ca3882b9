"""Absolute links built from settings and requests alone.

An answer to a request links with that request's scheme and port (`organization_url`). Mail
has no request at hand (it is sent after the commit, or from a command), so it links with
the scheme and port the deployment serves on: TENANT_URL_SCHEME and TENANT_URL_PORT, https
and no port in production, http and $PORT under `make run`.
"""

from urllib.parse import quote

from django.conf import settings
from django.http.request import split_domain_port


def organization_url(*, request, domain: str) -> str:
    """The address of an organization's domain, with the scheme and port of this request
    (so that development links keep :8000)."""
    _host, port = split_domain_port(request.get_host())
    return f"{request.scheme}://{domain}{':' + port if port else ''}/"


def site_url(hostname: str, path: str = "/") -> str:
    port = str(settings.TENANT_URL_PORT or "")
    return f"{settings.TENANT_URL_SCHEME}://{hostname}{':' + port if port else ''}{path}"


def platform_url(path: str = "/") -> str:
    """A link on the platform's own domain (PLATFORM_URL when it is set)."""
    if settings.PLATFORM_URL:
        return f"{settings.PLATFORM_URL}{path}"
    return site_url(settings.TENANT_BASE_DOMAIN, path)


def link_from_template(template: str, **values: str) -> str:
    """Fill a link template (INVITATION_URL, SET_PASSWORD_URL; placeholders checked when
    the settings load), each value quoted so that it stays one part of the URL."""
    return template.format_map({name: quote(value, safe="") for name, value in values.items()})
