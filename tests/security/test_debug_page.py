"""DEBUG's technical page (and the error emails built the same way) never shows connection
URLs: they carry the database and Redis passwords, in settings and in the environment."""

import sys

from django.views.debug import ExceptionReporter

# Built, not written out: the technical page quotes the source lines around each frame.
PASSWORDS = ("-".join(["hunter2", "db"]), "-".join(["s3cret", "redis"]))
DATABASE = f"postgres://app:{PASSWORDS[0]}@db:5432/tenantry"
REDIS = f"redis://:{PASSWORDS[1]}@cache:6379/0"


def technical_page(request) -> str:
    try:
        raise RuntimeError("a bug")
    except RuntimeError:
        return ExceptionReporter(request, *sys.exc_info()).get_traceback_html()


def test_the_debug_page_hides_connection_urls(rf, settings):
    settings.DEBUG = True
    settings.DATABASE_URL = DATABASE
    settings.REDIS_URL = REDIS
    # runserver copies the process environment into every request's META.
    request = rf.get("/admin/", DATABASE_URL=DATABASE, REDIS_URL=REDIS)

    page = technical_page(request)

    assert "a bug" in page  # it is the technical page
    assert "DATABASE_URL" in page  # the names are listed, their values are not
    assert not [secret for secret in PASSWORDS if secret in page]
