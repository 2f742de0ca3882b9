"""Development: `make run`. DATABASE_URL comes from the launcher (embedded PostgreSQL) or you."""

from core.dev.database import running_development_database_url
from core.settings.base import *

# Without DATABASE_URL, use the embedded server that `make run` started, if it is running.
if not DATABASES and (DEVELOPMENT_DATABASE_URL := running_development_database_url()):
    DATABASES = {"default": database_from_url(DEVELOPMENT_DATABASE_URL)}

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
