"""The LOGGING setting: everything to standard error, one line per record."""


def logging_config(*, level: str, json_lines: bool) -> dict:
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "core.logs.json_lines.JsonFormatter"}},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                **({"formatter": "json"} if json_lines else {}),
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # Django logs every 4xx as a warning: the request line says it already. Errors
            # (a 5xx, with the traceback when an exception caused it) stay.
            "django.request": {"level": "ERROR"},
        },
    }
