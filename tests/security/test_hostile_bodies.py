"""Hostile bodies and query strings over every route the resolver knows, on an
organization's domain (as one of its admins) and on the root domain (as a platform admin):
every answer is below 500, and every error is JSON with `detail` and `code` (or a
serializer's field errors), or, on the pages for people (PAGES), an HTML page. Routes come
from the resolver (as in the isolation tests), so a new endpoint is covered without editing
this file."""

import json
from http import HTTPStatus

import pytest
from django.conf import settings
from django.urls import resolve
from rest_framework.test import APIClient

from shared_apps.accounts.services import access_token_issue
from tenant_apps.projects.models import Project
from tenants.roles import Role
from tests.fixtures.routes import PAGES, routes_of

pytestmark = pytest.mark.django_db
BODY_METHODS = ("post", "put", "patch", "delete")
FIELDS = (
    "name", "slug", "email", "password", "role", "token", "domain", "backup", "description",
    "user_id", "permission", "owner_email", "first_name", "last_name", "uid", "status",
)  # fmt: skip
JSON = "application/json"
FORM = "application/x-www-form-urlencoded"


def every_field(value) -> str:
    return json.dumps(dict.fromkeys(FIELDS, value))


HOSTILE_BODIES = {
    "deep arrays": ("[" * 1000 + "]" * 1000, JSON),
    "deep objects": ('{"a":' * 1000 + "1" + "}" * 1000, JSON),
    "deep value in a field": (every_field(None).replace("null", "[" * 200 + "]" * 200), JSON),
    "over the upload limit": (
        '{"name": "' + "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1) + '"}', JSON
    ),
    "too many form fields": (
        "&".join(f"f{n}=1" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)), FORM
    ),
    "too many multipart fields": (
        "".join(
            f'--B\r\nContent-Disposition: form-data; name="f{n}"\r\n\r\n1\r\n'
            for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)
        )
        + "--B--\r\n",
        "multipart/form-data; boundary=B",
    ),
    "multipart without a boundary": ("--x\r\n", "multipart/form-data"),
    "invalid UTF-8": (b'{"name": "\xff\xfe\xfd", "email": "\xc3"}', JSON),
    "unknown charset": (every_field("a"), "application/json; charset=x-no-such"),
    "NUL in every field": (every_field("a\x00b"), JSON),
    "NUL in a form": ("name=a%00b&email=a%00%40example.com", FORM),
    "wrong content type": ("<xml>hello</xml>", "application/xml"),
    "plain text": ("hello", "text/plain"),
    "JSON as a form": (every_field("a"), FORM),
    "not JSON": ("{'name': 'a',}", JSON),
    "array": ("[1, 2, 3]", JSON),
    "string": ('"a"', JSON),
    "null": ("null", JSON),
    "number": ("1e999", JSON),
    "huge numbers": (every_field(None).replace("null", "1e999"), JSON),
    "huge integers": (every_field(None).replace("null", "9" * 40), JSON),
    "too many digits": (every_field(None).replace("null", "9" * 5000), JSON),
    "NaN": (every_field(None).replace("null", "NaN"), JSON),
    "objects in every field": (every_field({"a": [1, {"b": None}]}), JSON),
    "lists in every field": (every_field(["a", "b"]), JSON),
    "booleans in every field": (every_field(True), JSON),
    "long strings": (every_field("é" * 100_000), JSON),
    "control characters": (every_field("\x01\x1b[31m\u202e\ufeff"), JSON),
    "lone surrogates": (every_field("\ud800@example.com"), JSON),
    "empty": ("", JSON),
}  # fmt: skip

HOSTILE_QUERIES = [
    "page=99999999999999999999999",
    "page=-1&page_size=1e9",
    "page_size=99999999999999999999",
    "ordering=%ff%fe",
    "search=" + "x" * 5000,
    "status=%ff&owner=-1",
    "owner=1e999",
    "search=%EF%BF%BF%ED%A0%80",
    "&".join(f"f{n}=1" for n in range(1500)),
]


def outcome_of(response, *, page: bool = False) -> str:
    """`<status> <code>` for a well-formed answer, `BAD ...` for anything else. A page for
    people (PAGES) may answer its errors in HTML."""
    status = response.status_code
    if status >= HTTPStatus.INTERNAL_SERVER_ERROR:
        return f"BAD {status} {response.content[:200]!r}"
    if status < HTTPStatus.BAD_REQUEST:
        return f"{status}"
    if page and response["Content-Type"].startswith("text/html"):
        return f"{status} page"
    if response["Content-Type"] != "application/json":
        return f"BAD {status} not JSON: {response.content[:200]!r}"
    body = response.json()
    if isinstance(body, dict) and "code" in body and body.get("detail"):
        return f"{status} {body['code']}"
    # A serializer answered: every key names a field and holds its messages.
    if (
        isinstance(body, dict)
        and body
        and all(isinstance(messages, list | dict) for messages in body.values())
    ):
        return f"{status} field_errors"
    return f"BAD {status} {body!r:.200}"


def walk(calls) -> dict[str, int]:
    """Run every (context, call, page); fail with every bad answer at once, else count
    outcomes."""
    seen: dict[str, int] = {}
    bad = []
    for context, call, page in calls:
        outcome = outcome_of(call(), page=page)
        if outcome.startswith("BAD"):
            bad.append((context, outcome))
        else:
            seen[outcome] = seen.get(outcome, 0) + 1
    assert not bad, "\n".join(map(str, bad))
    return seen


@pytest.fixture
def walks(tenant, second_tenant, tenant_host, root_host, make_member, make_user, platform_admin):
    """(new client, urlconf, routes) for the organization's domain, as one of its admins,
    and the root domain, as a platform admin. Path parameters name real rows that are not
    the caller's own: removing a member or erasing a user must not end the walk early."""
    admin = make_member(tenant, Role.ADMIN)
    target = make_member(tenant, Role.MEMBER)
    with tenant:
        project = Project.objects.create(name="Target", slug="target", owner=target)

    def tenant_value(converter, name):
        values = {"permission": "view", "user_id": str(target.pk)}
        return values.get(name, str(project.pk))

    def platform_value(converter, name):
        values = {"slug": second_tenant.slug, "domain": f"{second_tenant.slug}.example.org"}
        return values.get(name, str(make_user().pk) if name == "user_id" else "1")

    def client(host, user):
        # CSRF is enforced, as a browser-less attacker would meet it.
        client = APIClient(HTTP_HOST=host, enforce_csrf_checks=True, raise_request_exception=False)
        token, _ = access_token_issue(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        return client

    def walk_of(host, user, urlconf, value_for):
        # Django's admin is an HTML site, not the API.
        routes = [r for r in routes_of(urlconf, value_for) if not r.path.startswith("/admin/")]
        return (lambda: client(host, user)), urlconf, routes

    return [
        walk_of(tenant_host, admin, "core.urls_tenant", tenant_value),
        walk_of(root_host, platform_admin, "core.urls_public", platform_value),
    ]


@pytest.fixture(autouse=True)
def walk_settings(settings, tmp_path):
    settings.TENANT_BACKUP_DIR = tmp_path
    # The walk logs in hundreds of times from one address: throttling would hide the parsers.
    settings.LOGIN_THROTTLE_RATES = dict.fromkeys(settings.LOGIN_THROTTLE_RATES, "100000/minute")


def client_for_route(route, new_client, shared: dict):
    """Logging out revokes the token in use: that route gets a fresh client every call."""
    if route.name == "auth-logout":
        return new_client()
    if new_client not in shared:
        shared[new_client] = new_client()
    return shared[new_client]


def body_methods(path: str, urlconf: str) -> list[str]:
    """The body methods the route's view implements, or POST alone (its 405 must be JSON
    too) when it implements none: every method would cost time and reach no parser."""
    view = getattr(resolve(path, urlconf=urlconf).func, "view_class", None)
    return [m for m in BODY_METHODS if hasattr(view, m)] or ["post"]


def body_call(new_client, shared, route, method, body, content_type):
    def call():
        client = client_for_route(route, new_client, shared)
        return getattr(client, method)(route.path, body, content_type=content_type)

    return call


def query_call(new_client, shared, route, query):
    return lambda: client_for_route(route, new_client, shared).get(f"{route.path}?{query}")


def test_hostile_bodies_on_every_route_answer_json_below_500(walks):
    # Method by method, DELETE last: archiving the organization or removing the target
    # member first would leave later routes nothing to parse.
    shared = {}
    calls = [
        (
            (urlconf, method, route.path, name),
            body_call(new_client, shared, route, method, *body),
            route.name in PAGES,
        )
        for method in BODY_METHODS
        for new_client, urlconf, routes in walks
        for route in routes
        if method in body_methods(route.path, urlconf)
        for name, body in HOSTILE_BODIES.items()
    ]
    seen = walk(calls)
    routes = sum(len(routes) for *_, routes in walks)
    print(f"\nhostile bodies: {routes} routes, {len(calls)} requests:", seen)
    assert sum(seen.values()) == len(calls) >= routes * len(HOSTILE_BODIES)


def test_hostile_query_strings_on_every_route_answer_json_below_500(walks):
    shared = {}
    seen = walk(
        (
            (urlconf, route.path, query[:40]),
            query_call(new_client, shared, route, query),
            route.name in PAGES,
        )
        for new_client, urlconf, routes in walks
        for route in routes
        for query in HOSTILE_QUERIES
    )
    routes = sum(len(routes) for *_, routes in walks)
    print(f"\nhostile queries: {routes} routes, {sum(seen.values())} requests:", seen)
    assert sum(seen.values()) == routes * len(HOSTILE_QUERIES)


def path_call(client, method, path):
    if method == "get":
        return lambda: client.get(path)
    return lambda: getattr(client, method)(path, "{}", content_type=JSON)


HOSTILE_PATH_VALUES = [
    {"int": "9" * 30, "str": "%ff%fe%fd", "slug": "a" * 300},
    {"int": "0", "str": "..", "slug": "-"},
    {"int": "0" * 20 + "1", "str": "é" * 200, "slug": "_"},
    {"int": str(2**63), "str": "a%0ab%09c%e2%80%ae", "slug": "A" * 64},
    {"int": str(2**31), "str": "x" * 3000, "slug": "xn--" + "a" * 60},
]


def test_hostile_path_parameters_on_every_route_answer_json_below_500(
    tenant_admin, platform_admin, tenant_host, root_host
):
    def client(host, user):
        client = APIClient(HTTP_HOST=host, raise_request_exception=False)
        token, _ = access_token_issue(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        return client

    clients = {"core.urls_tenant": client(tenant_host, tenant_admin)}
    clients["core.urls_public"] = client(root_host, platform_admin)
    calls = []
    for urlconf, caller in clients.items():
        plain = routes_of(urlconf, lambda converter, name: "1")
        for values in HOSTILE_PATH_VALUES:
            routes = routes_of(
                urlconf, lambda converter, name, v=values: v.get(converter, v["str"])
            )
            for route, same in zip(routes, plain, strict=True):
                if route.path == same.path or route.path.startswith("/admin/"):
                    continue  # no parameter, or Django's admin (an HTML site)
                for method in ("get", "post", "patch", "delete"):
                    call = path_call(caller, method, route.path)
                    calls.append(((urlconf, method, route.path[:80]), call, route.name in PAGES))
    seen = walk(calls)
    print(f"\nhostile path parameters: {len(calls)} requests:", seen)
    assert sum(seen.values()) == len(calls)
