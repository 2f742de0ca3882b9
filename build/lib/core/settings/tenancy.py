"""Schema-per-organization settings: which apps live where and how hosts are routed."""

import os

SHARED_APPS = [
    "django_tenants",
    "tenants",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.admin",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "shared_apps.accounts",
]

# contenttypes and auth stay out of this list on purpose: one ContentType id space for
# every schema (see docs/architecture.md, "The schema split").
TENANT_APPS = [
    "guardian",  # object permissions: object_pk is only ever compared inside one schema
    "tenant_apps.memberships",
    "tenant_apps.projects",
    "tenant_apps.invitations",
]

INSTALLED_APPS = SHARED_APPS + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "tenants.Organization"
TENANT_DOMAIN_MODEL = "tenants.Domain"
PUBLIC_SCHEMA_NAME = "public"
PUBLIC_SCHEMA_URLCONF = "core.urls_public"
ROOT_URLCONF = "core.urls_tenant"

# Unused by our backend (core/db), which never sends a session-level SET.
TENANT_LIMIT_SET_CALLS = False
# Before every statement after a transaction's first, check that the server still holds the
# path the transaction set, and refuse (503) if not: a guard against bookkeeping bugs, on in
# tests and development, off by default in production (a small cost per statement).
TENANT_VERIFY_SEARCH_PATH = os.environ.get("TENANT_VERIFY_SEARCH_PATH", "0") == "1"

DATABASE_ROUTERS = ("django_tenants.routers.TenantSyncRouter",)

# Organizations live on <slug>.<TENANT_BASE_DOMAIN>; the platform on the base domain itself.
TENANT_BASE_DOMAIN = os.environ.get("TENANT_BASE_DOMAIN", "localhost").strip().lower().rstrip(".")
