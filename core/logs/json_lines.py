"""One JSON object per line, the same fields on every line, whatever wrote it (a view, a
service, Django, gunicorn): a log platform indexes them without parsing rules."""

import json
import logging
from datetime import UTC, datetime

from core.logs.context import context_fields

# What every LogRecord has; anything else on a record came from `extra=` and is kept.
STANDARD_ATTRIBUTES = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "taskName",
}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            **context_fields(),
        }
        extra = {
            key: value for key, value in vars(record).items() if key not in STANDARD_ATTRIBUTES
        }
        # Django's request loggers pass the request (named by the context's fields already)
        # and the answer's status_code, which the request line calls status.
        extra.pop("request", None)
        if "status_code" in extra:
            extra["status"] = extra.pop("status_code")
        line.update(extra)
        if record.exc_info:
            line["traceback"] = self.formatException(record.exc_info)
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        # ASCII only, and newlines escaped: one record is always exactly one line.
        return json.dumps(line, default=str)
