"""Settings shared by every environment. Environment variables configure the rest."""

import os
import string
from datetime import timedelta
from pathlib import Path

import dj_database_url
import environ
from django.core.exceptions import ImproperlyConfigured

from core.logs.config import logging_config
from core.settings.jobs import *
from core.settings.tenancy import *

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False

# Development and tests accept any Host; the routing middleware answers unknown hosts with a
# JSON 404. Production derives the list from TENANT_BASE_DOMAIN (core/settings/production.py).
ALLOWED_HOSTS = ["*"]

MIDDLEWARE = [
    # Outermost: one log line per request with its final status (core/logs/requests.py).
    "core.logs.requests.RequestLogMiddleware",
    "core.api.middleware.JsonErrorsMiddleware",
    "core.api.middleware.RequestLimitsMiddleware",
    "tenants.routing.middleware.OrganizationRoutingMiddleware",
    "tenants.routing.fair_share.FairShareMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # The pages' shared layout (core/pages.py); each app keeps its own pages' templates.
        "DIRS": [BASE_DIR / "core" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "core.wsgi.application"
# Django's own refusals answer in the API's JSON too (handler400/403/404/500 in the URLconfs).
CSRF_FAILURE_VIEW = "core.views.csrf_failure"
# DEBUG's technical page and error emails hide connection URLs too (core/reporting.py).
DEFAULT_EXCEPTION_REPORTER_FILTER = "core.reporting.SecretsHiddenReporterFilter"


DATABASE_STATEMENT_TIMEOUT_MS = int(os.environ.get("DATABASE_STATEMENT_TIMEOUT_MS", "5000"))


def database_from_url(url: str, *, pool: str = "") -> dict:
    """Django's database settings for `url`. `pool` (DATABASE_POOL): the size of an
    in-process psycopg pool per process ("" or "0": none, persistent connections instead)."""
    config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    options = config.setdefault("OPTIONS", {})
    # `?host=/socket/dir` (the embedded server's URL) lands in OPTIONS; tools such as
    # pg_dump read HOST, so keep it there.
    if "host" in options:
        config["HOST"] = options.pop("host")
    # django-tenants' backend, setting the search_path and the statement timeout
    # (DATABASE_STATEMENT_TIMEOUT_MS; maintenance work lifts it) in every transaction, never
    # on the session, so that it is right behind a pooler in transaction mode (core/db).
    config["ENGINE"] = "core.db"
    # A server-side cursor (QuerySet.iterator) is declared outside the statement that
    # carries the path; rows are fetched in chunks from the client-side cursor instead.
    config["DISABLE_SERVER_SIDE_CURSORS"] = True
    if not pool.isdigit():
        if pool:
            raise ImproperlyConfigured(f"DATABASE_POOL must be a number of connections: {pool!r}")
    elif int(pool):
        options["pool"] = {"min_size": 1, "max_size": int(pool)}
        config["CONN_MAX_AGE"] = 0  # the pool keeps the connections; Django must not
    return config


DATABASE_URL = os.environ.get("DATABASE_URL", "")
DATABASES = (
    {"default": database_from_url(DATABASE_URL, pool=os.environ.get("DATABASE_POOL", ""))}
    if DATABASE_URL
    else {}
)


def email_from_url(url: str) -> dict:
    """EMAIL_* settings from a URL such as `smtp+tls://user:password@mail.example.com:587`
    (also smtp://, smtp+ssl://, consolemail://, filemail:///path, memorymail://,
    dummymail://); `?timeout=SECONDS` bounds each connection. Parsed by django-environ."""
    try:
        parsed = environ.Env.email_url_config(url)
    except ImproperlyConfigured as error:
        raise ImproperlyConfigured(f"EMAIL_URL: {error}") from error
    config = {
        key: value
        for key, value in parsed.items()
        if key.startswith("EMAIL_") and value not in (None, "")
    }
    if "TIMEOUT" in parsed.get("OPTIONS", {}):
        config["EMAIL_TIMEOUT"] = parsed["OPTIONS"]["TIMEOUT"]
    return config


# Mail: Django's SMTP backend on localhost:25 unless EMAIL_URL says otherwise. A send that
# hangs would hold a worker for the whole request, so every connection is bounded.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
EMAIL_URL = os.environ.get("EMAIL_URL", "")
if EMAIL_URL:
    globals().update(email_from_url(EMAIL_URL))
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", f"Tenantry <no-reply@{TENANT_BASE_DOMAIN}>"
)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "shared_apps.accounts.backends.EmailBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# No guardian "AnonymousUser" row in accounts_user; anonymous callers never hold grants.
ANONYMOUS_USER_NAME = None
# Keep guardian's helpers off User: they would read tenant tables from public.
GUARDIAN_MONKEY_PATCH_USER = False
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Where the release step collects the static files (collectstatic) and production serves
# them from (WhiteNoise, core/settings/production.py).
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

ACCESS_TOKEN_TTL = timedelta(hours=int(os.environ.get("ACCESS_TOKEN_TTL_HOURS", "12")))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "shared_apps.accounts.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "tenant_apps.memberships.permissions.IsMemberOfRequestOrganization"
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    # DRF's defaults, with a JSON parser that bounds nesting (core/api/parsers.py).
    "DEFAULT_PARSER_CLASSES": [
        "core.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "EXCEPTION_HANDLER": "core.api.exceptions.api_exception_handler",
    "DEFAULT_PAGINATION_CLASS": "core.pagination.PageNumberPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # Client IPs for throttling come from REMOTE_ADDR unless this many trusted proxies put
    # theirs in X-Forwarded-For (a client can forge that header otherwise).
    "NUM_PROXIES": int(os.environ.get("TRUSTED_PROXY_COUNT", "0")),
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Tenantry API",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "ProjectPermissionEnum": "tenant_apps.projects.selectors.projects.PERMISSIONS",
        "ProjectStatusEnum": "tenant_apps.projects.models.ProjectStatus",
        "InvitationStatusEnum": "tenant_apps.invitations.models.InvitationStatus",
        "OrganizationStatusEnum": "tenants.models.OrganizationStatus",
        "MailStatusEnum": "core.mail.MailStatus",
    },
}

# Logs go to standard error, as JSON lines when LOG_FORMAT=json (production's default).
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
LOGGING = logging_config(level=LOG_LEVEL, json_lines=os.environ.get("LOG_FORMAT") == "json")
# The proxy in front sets X-Request-ID on every request (replacing what a client sent): the
# logs and the answer carry its id. Otherwise each request gets a new one.
TRUSTED_PROXY_REQUEST_ID = os.environ.get("TRUSTED_PROXY_REQUEST_ID", "0") == "1"
# The proxy stamps each request as it passes it on (X-Request-Start: t=<epoch seconds>):
# how long requests wait for a thread, which fair share's busy rule reads.
TRUSTED_PROXY_REQUEST_START = os.environ.get("TRUSTED_PROXY_REQUEST_START", "0") == "1"

# Caches. "routing" holds the host -> organization version key shared by every worker; it
# has no tenant key function on purpose (it is platform-wide). Redis when REDIS_URL is set.
REDIS_URL = os.environ.get("REDIS_URL", "")


def cache_config(location_suffix: str, *, redis_url: str = REDIS_URL, **extra) -> dict:
    """A cache on Redis (`redis_url`, REDIS_URL by default), else one in process memory."""
    if redis_url:
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            # A Redis that hangs holds a request two seconds at most; then each cache's user
            # does what it does when the cache is down (routing reads the registry, a login
            # answers 503).
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
            **extra,
        }
    return {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": f"tenantry-{location_suffix}",
        **extra,
    }


CACHES = {
    # Keys carry the schema so tenants never read each other's cache (docs/architecture.md trap 7).
    "default": cache_config(
        "default",
        KEY_FUNCTION="django_tenants.cache.make_key",
        REVERSE_KEY_FUNCTION="django_tenants.cache.reverse_key",
    ),
    "routing": cache_config("routing", KEY_PREFIX="routing"),
    # Login throttles count per IP and per email across every domain: no schema in the key.
    "throttle": cache_config("throttle", KEY_PREFIX="throttle"),
}
LOGIN_THROTTLE_RATES = {
    "login_ip": os.environ.get("LOGIN_THROTTLE_PER_IP", "30/minute"),
    "login_email": os.environ.get("LOGIN_THROTTLE_PER_EMAIL", "10/minute"),
}
TENANT_ROUTING_CACHE_SECONDS = int(os.environ.get("TENANT_ROUTING_CACHE_SECONDS", "30"))
TENANT_ROUTING_CACHE_SIZE = int(os.environ.get("TENANT_ROUTING_CACHE_SIZE", "10000"))

# Extra hostnames that serve the platform (root) site, besides TENANT_BASE_DOMAIN.
PLATFORM_EXTRA_HOSTS = [
    host.strip().lower() for host in os.environ.get("PLATFORM_EXTRA_HOSTS", "").split(",") if host
]
# Organizations' own domains outside the base domain that this deployment serves: hostnames
# or `.example.org` patterns (as in ALLOWED_HOSTS). A custom domain can only be registered
# when it matches one.
TENANT_CUSTOM_DOMAINS = [
    pattern.strip().lower()
    for pattern in os.environ.get("TENANT_CUSTOM_DOMAINS", "").split(",")
    if pattern.strip()
]

# Fair share between organizations (tenants/routing/fair_share.py): each plan's requests per
# minute (counted in the shared cache, across workers) and concurrent requests (per worker
# process: below GUNICORN_THREADS, so that a worker always has threads for the others). An
# organization's own override, set by platform admins, beats its plan's.
ORGANIZATION_PLANS = {
    "standard": {
        "requests_per_minute": int(os.environ.get("PLAN_STANDARD_REQUESTS_PER_MINUTE", "1200")),
        "concurrent_requests": int(os.environ.get("PLAN_STANDARD_CONCURRENT_REQUESTS", "2")),
    },
    "large": {
        "requests_per_minute": int(os.environ.get("PLAN_LARGE_REQUESTS_PER_MINUTE", "6000")),
        "concurrent_requests": int(os.environ.get("PLAN_LARGE_CONCURRENT_REQUESTS", "3")),
    },
}

# The window fair share counts requests in, each allowing its part of the minute's rate: a
# one-minute window let an organization spend its minute in seconds and saturate the server.
FAIR_SHARE_WINDOW_SECONDS = int(os.environ.get("FAIR_SHARE_WINDOW_SECONDS", "10"))
# While requests wait longer than this for a thread, the server is busy, and no organization
# is served more than FAIR_SHARE_BUSY_FACTOR times the others' mean (tenants/routing/busy.py).
FAIR_SHARE_BUSY_QUEUE_MS = float(os.environ.get("FAIR_SHARE_BUSY_QUEUE_MS", "20"))
FAIR_SHARE_BUSY_FACTOR = float(os.environ.get("FAIR_SHARE_BUSY_FACTOR", "2"))
# An organization sending fewer requests than this a second is never refused by that rule
# (counted per worker process, where one organization's requests may all land): at 2, a quiet
# organization at 3 a second was refused by chance now and then in `make load`.
FAIR_SHARE_BUSY_FLOOR_PER_SECOND = float(os.environ.get("FAIR_SHARE_BUSY_FLOOR_PER_SECOND", "5"))

# Where purge and backups write schema dumps (pg_dump) and restore reads them.
TENANT_BACKUP_DIR = Path(os.environ.get("TENANT_BACKUP_DIR", BASE_DIR / ".data" / "backups"))
# Backups of a live organization kept, the newest (older ones are deleted, files and rows).
TENANT_BACKUP_KEEP = int(os.environ.get("TENANT_BACKUP_KEEP", "7"))
# How long provisioning waits for a lock before answering 503 (PostgreSQL interval).
PROVISIONING_LOCK_TIMEOUT = os.environ.get("PROVISIONING_LOCK_TIMEOUT", "10s")
# Links in mail: the scheme and port organizations and the platform are served on (a port
# only when it is not the scheme's default). PLATFORM_URL, when set, is the platform's own
# address instead of TENANT_BASE_DOMAIN with these.
TENANT_URL_SCHEME = os.environ.get("TENANT_URL_SCHEME", "https")
TENANT_URL_PORT = os.environ.get("TENANT_URL_PORT", "")
PLATFORM_URL = os.environ.get("PLATFORM_URL", "").rstrip("/")


def link_template(name: str, *, placeholders: set[str], required: set[str]) -> str:
    """A link template from the environment variable `name` ("" when unset), such as
    `https://app.example.com/join?token={token}`. A placeholder outside `placeholders`, or
    one of `required` missing, stops the start: a mail would carry a broken link."""
    template = os.environ.get(name, "").strip()
    if not template:
        return ""
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as error:
        raise ImproperlyConfigured(f"{name}: {error} (write a literal brace twice)") from error
    used = set()
    for _literal, field, format_spec, conversion in parsed:
        if field is None:
            continue
        if field not in placeholders or format_spec or conversion:
            allowed = ", ".join(f"{{{placeholder}}}" for placeholder in sorted(placeholders))
            raise ImproperlyConfigured(f"{name}: unknown placeholder {{{field}}}; use {allowed}")
        used.add(field)
    if missing := required - used:
        needed = ", ".join(f"{{{placeholder}}}" for placeholder in sorted(missing))
        raise ImproperlyConfigured(f"{name} must contain {needed}")
    return template


# Links in mail to a team's own front end instead of this project's pages (README,
# Configuration): the invitation's token, the organization's slug and primary domain; the
# new owner's uid and token.
INVITATION_URL = link_template(
    "INVITATION_URL", placeholders={"token", "organization", "domain"}, required={"token"}
)
SET_PASSWORD_URL = link_template(
    "SET_PASSWORD_URL", placeholders={"uid", "token"}, required={"uid", "token"}
)
# How new schemas are built: "template" (the DDL of the current migration state, falling
# back to migrations when there is none or it fails) or "migrations" (always replay them).
TENANT_PROVISIONING = os.environ.get("TENANT_PROVISIONING", "template")
# Spare schemas kept built ahead from the template (0: none). Provisioning renames one to the
# new organization's schema, then a background thread builds a replacement.
TENANT_SPARE_SCHEMAS = int(os.environ.get("TENANT_SPARE_SCHEMAS", "3"))
# Recycle a database connection after it has served this many schemas (0: never): each
# schema adds to the backend's catalog cache. Keeps a worker's backend memory bounded.
TENANT_CONNECTION_MAX_SCHEMAS = int(os.environ.get("TENANT_CONNECTION_MAX_SCHEMAS", "100"))
