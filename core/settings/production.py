"""Production: refuses to start without a real SECRET_KEY and DATABASE_URL."""

from django.core.exceptions import ImproperlyConfigured

from core.settings.base import *

if len(SECRET_KEY) < 50 or SECRET_KEY.startswith(("dev-", "test-", "django-insecure")):
    raise ImproperlyConfigured("SECRET_KEY must be set to a random value of 50+ characters.")
if not DATABASES:
    raise ImproperlyConfigured("DATABASE_URL must point at the production PostgreSQL.")

DEBUG = False
# The platform, every organization's subdomain, and the custom domains the deployment serves.
ALLOWED_HOSTS = [
    TENANT_BASE_DOMAIN,
    f".{TENANT_BASE_DOMAIN}",
    *PLATFORM_EXTRA_HOSTS,
    *TENANT_CUSTOM_DOMAINS,
]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"] = ["rest_framework.renderers.JSONRenderer"]
# JSON lines unless LOG_FORMAT=text: what a log platform reads (core/logs).
LOGGING = logging_config(level=LOG_LEVEL, json_lines=os.environ.get("LOG_FORMAT", "json") == "json")

# Static files (the admin's, DRF's, the Swagger sidecar's), collected by the release step and
# served by WhiteNoise from STATIC_ROOT: gzip-compressed, and named by a hash of their
# content, so browsers may cache them forever and a release changes their URLs. Before the
# routing middleware: they are the same on every host and need no database lookup.
MIDDLEWARE = [*MIDDLEWARE]
MIDDLEWARE.insert(
    MIDDLEWARE.index("tenants.routing.middleware.OrganizationRoutingMiddleware"),
    "whitenoise.middleware.WhiteNoiseMiddleware",
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
