from django.http.request import split_domain_port


def organization_url(*, request, domain: str) -> str:
    """The address of an organization's domain, with the scheme and port of this request
    (so that development links keep :8000)."""
    _host, port = split_domain_port(request.get_host())
    return f"{request.scheme}://{domain}{':' + port if port else ''}/"
