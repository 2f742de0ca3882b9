"""Every URL pattern of a URLconf, turned into a concrete path to call.

Built from the resolver, not from a hand-written list, so a new endpoint is probed by the
isolation tests without anyone editing them.
"""

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RegexPattern, RoutePattern

ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Route:
    name: str
    path: str


def _regex_to_path(regex: str, value_for) -> str:
    """Fill the named groups of a regex pattern and drop its anchors."""
    out, i = [], 0
    while i < len(regex):
        if regex.startswith("(?P<", i):
            name = regex[i + 4 : regex.index(">", i)]
            depth, j = 0, i
            while True:
                depth += {"(": 1, ")": -1}.get(regex[j], 0)
                if regex[j] == "\\":
                    j += 1
                elif depth == 0:
                    break
                j += 1
            out.append(value_for(None, name))
            i = j + 1
        else:
            out.append(regex[i])
            i += 1
    text = "".join(out)
    return text.replace("^", "").replace("$", "").replace("\\.", ".").replace("/?", "/")


def _pattern_to_path(pattern, value_for) -> str:
    if isinstance(pattern, RoutePattern):
        return ROUTE_PARAMETER.sub(
            lambda m: value_for(m.group("converter"), m.group("name")), str(pattern)
        )
    if isinstance(pattern, RegexPattern):
        return _regex_to_path(pattern.regex.pattern, value_for)
    raise AssertionError(f"The isolation harness cannot build a path for {pattern!r}")


def routes_of(urlconf: str, value_for) -> list[Route]:
    """(name, path) for every endpoint; `value_for(converter, name)` fills parameters."""
    routes: list[Route] = []

    def walk(patterns, prefix: str) -> None:
        for entry in patterns:
            part = _pattern_to_path(entry.pattern, value_for)
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + part)
            elif isinstance(entry, URLPattern):
                routes.append(Route(entry.name or entry.lookup_str, "/" + prefix + part))

    walk(get_resolver(urlconf).url_patterns, "")
    for route in routes:
        # The built path must lead back to the same endpoint, or the harness is wrong.
        match = resolve(route.path, urlconf=urlconf)
        assert (match.url_name or match._func_path) in {route.name, match._func_path}, route
    return routes
