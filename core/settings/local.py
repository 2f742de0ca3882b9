"""Development: `make run`. DATABASE_URL comes from the launcher (embedded PostgreSQL) or you."""

from core.settings.base import *

DEBUG = os.environ.get("DEBUG", "1") == "1"
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-change-me"
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
PLATFORM_EXTRA_HOSTS = [*PLATFORM_EXTRA_HOSTS, "127.0.0.1"]
