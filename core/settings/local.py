"""Development: `make run`. DATABASE_URL comes from the launcher (embedded PostgreSQL) or you."""

from core.dev.database import running_development_database_url
from core.settings.base import *

# Without DATABASE_URL, use the embedded server that `make run` started, if it is running.
if not DATABASES and (DEVELOPMENT_DATABASE_URL := running_development_database_url()):
    DATABASES = {"default": database_from_url(DEVELOPMENT_DATABASE_URL)}

# runserver serves every request on a new thread, and each thread kept its own connection
# open for CONN_MAX_AGE: 30 parallel requests left 30 idle connections. Persistent
# connections belong to long-lived server threads (gunicorn: production, the benchmarks).
if DATABASES:
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "0"))

DEBUG = os.environ.get("DEBUG", "1") == "1"
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-change-me"
if not EMAIL_URL:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"  # mail printed by `make run`
PLATFORM_EXTRA_HOSTS = [*PLATFORM_EXTRA_HOSTS, "127.0.0.1"]
# `make run` serves plain HTTP on $PORT: mailed links say so.
TENANT_URL_SCHEME = os.environ.get("TENANT_URL_SCHEME", "http")
TENANT_URL_PORT = os.environ.get("TENANT_URL_PORT", os.environ.get("PORT", "8000"))
# Check the server's search_path before each statement (core/db): development catches bugs.
TENANT_VERIFY_SEARCH_PATH = os.environ.get("TENANT_VERIFY_SEARCH_PATH", "1") == "1"
# runserver prints a line per request and the commands their own output: the request and
# command log lines would repeat them here. Django's warnings about 4xx answers stay.
LOGGING["loggers"].update(
    {
        "tenantry.request": {"level": "WARNING"},
        "tenantry.command": {"level": "WARNING"},
        "django.request": {"level": "INFO"},
    }
)
