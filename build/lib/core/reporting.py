"""What DEBUG's technical page and the error emails may show.

Django hides settings and request META entries whose names look secret (KEY, TOKEN, PASS,
...). Connection URLs are not named so, yet carry passwords: DATABASE_URL and REDIS_URL are
both settings here and, under runserver, environment variables copied into every request's
META. Hide every name that holds a URL or a DSN too.
"""

import re

from django.views.debug import SafeExceptionReporterFilter


class SecretsHiddenReporterFilter(SafeExceptionReporterFilter):
    hidden_settings = re.compile(
        SafeExceptionReporterFilter.hidden_settings.pattern + "|URL|DSN|DATABASE",
        flags=re.IGNORECASE,
    )
